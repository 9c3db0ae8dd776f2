import { SignOutButton } from '@/components/auth/sign-out-button';
import { requireIdentity } from '@/lib/dal/page-access';

export const dynamic = 'force-dynamic';

export default async function DeniedPage() {
  const identity = await requireIdentity('/');
  return (
    <main className="mx-auto mt-24 max-w-lg space-y-4 px-4">
      <h1 className="text-2xl font-semibold">No access</h1>
      <p>
        You are signed in as <strong>{identity.email}</strong>
        {identity.provider !== 'unknown' ? ` (via ${identity.provider})` : ''}, but pgwarden&apos;s role mapping gives
        this account no role on this cluster.
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Ask a pgwarden admin to add your email, domain or group to <code>auth.roles</code> in the configuration.
      </p>
      <SignOutButton />
    </main>
  );
}
