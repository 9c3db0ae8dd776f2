import Link from 'next/link';
import type { PageAccess } from '@/lib/dal/page-access';
import { SignOutButton } from '@/components/auth/sign-out-button';

const sections = [
  { id: 'sessions', label: 'Sessions' },
  { id: 'blocking', label: 'Blocking' },
  { id: 'owners', label: 'Owners' },
  { id: 'history', label: 'History' },
] as const;

export function ConsoleHeader({
  access,
  section,
}: {
  access: PageAccess;
  section: (typeof sections)[number]['id'] | 'audit' | 'tokens' | 'notifications' | 'overview';
}) {
  // The audit page spans clusters: from there a cluster link opens that cluster's sessions.
  const clusterSection =
    section === 'audit' || section === 'tokens' || section === 'notifications' || section === 'overview'
      ? 'sessions'
      : section;
  return (
    <header className="flex items-center gap-4 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
      <Link href="/" className="font-semibold tracking-tight">
        pgwarden
      </Link>
      <nav className="flex gap-1 text-sm" aria-label="Clusters">
        {access.clusters.map((cluster) => (
          <Link
            key={cluster.id}
            href={`/clusters/${cluster.id}/${clusterSection}`}
            aria-current={cluster.id === access.cluster.id ? 'page' : undefined}
            className={`rounded px-2 py-1 ${cluster.id === access.cluster.id ? 'bg-zinc-200 dark:bg-zinc-800' : 'text-zinc-500'}`}
          >
            {cluster.name}
          </Link>
        ))}
      </nav>
      <nav className="flex gap-3 text-sm" aria-label="Sections">
        <Link href="/" className={section === 'overview' ? 'font-medium underline' : 'text-zinc-500'}>
          Overview
        </Link>
        {sections.map((item) => (
          <Link
            key={item.id}
            href={`/clusters/${access.cluster.id}/${item.id}`}
            className={item.id === section ? 'font-medium underline' : 'text-zinc-500'}
          >
            {item.label}
          </Link>
        ))}
        <Link href="/audit" className={section === 'audit' ? 'font-medium underline' : 'text-zinc-500'}>
          Audit
        </Link>
        {access.role === 'admin' && (
          <Link href="/tokens" className={section === 'tokens' ? 'font-medium underline' : 'text-zinc-500'}>
            Tokens
          </Link>
        )}
        {access.role === 'admin' && (
          <Link
            href="/notifications"
            className={section === 'notifications' ? 'font-medium underline' : 'text-zinc-500'}
          >
            Notifications
          </Link>
        )}
      </nav>
      <div className="ml-auto flex items-center gap-3 text-sm" data-testid="signed-in-as">
        <span>{access.identity.name ?? access.identity.email}</span>
        <span className="rounded bg-zinc-200 px-2 py-0.5 text-xs dark:bg-zinc-800" data-testid="current-role">
          {access.role} on {access.cluster.id}
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}
