// The console's top bar: a skip link, the cluster and section links, who is signed in; a menu button on phones.
import { ConsoleLink } from '@/components/layout/console-link';
import type { PageAccess } from '@/lib/dal/page-access';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { consoleNav, MAIN_CONTENT_ID, type ConsoleSection, type NavLink } from './console-nav';
import { PhoneMenu } from './phone-menu';

const linkClass = (link: NavLink) =>
  link.current ? 'font-medium underline underline-offset-4' : 'text-zinc-600 hover:underline dark:text-zinc-400';

function NavLinks({ links, label, className }: { links: NavLink[]; label: string; className: string }) {
  return (
    <nav className={className} aria-label={label}>
      {links.map((link) => (
        <ConsoleLink
          key={link.href}
          href={link.href}
          aria-current={link.current ? 'page' : undefined}
          className={`rounded px-2 py-1 ${linkClass(link)}`}
        >
          {link.label}
        </ConsoleLink>
      ))}
    </nav>
  );
}

export function ConsoleHeader({ access, section }: { access: PageAccess; section: ConsoleSection }) {
  const nav = consoleNav(access, section);
  return (
    <>
      <a
        href={`#${MAIN_CONTENT_ID}`}
        className="sr-only z-50 rounded bg-white px-3 py-2 text-sm font-medium text-zinc-900 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-zinc-900 dark:text-zinc-100"
      >
        Skip to main content
      </a>
      <header className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <ConsoleLink href="/" className="font-semibold tracking-tight">
          pgwarden
        </ConsoleLink>
        <NavLinks links={nav.clusters} label="Clusters" className="hidden flex-wrap gap-1 text-sm md:flex" />
        <NavLinks links={nav.sections} label="Sections" className="hidden flex-wrap gap-1 text-sm md:flex" />
        <div className="ml-auto flex items-center gap-3 text-sm" data-testid="signed-in-as">
          <span className="hidden md:inline">{nav.identity}</span>
          <span className="rounded bg-zinc-200 px-2 py-0.5 text-xs dark:bg-zinc-800" data-testid="current-role">
            {nav.role}
          </span>
          <span className="hidden md:inline">
            <SignOutButton />
          </span>
          <PhoneMenu nav={nav} />
        </div>
      </header>
    </>
  );
}
