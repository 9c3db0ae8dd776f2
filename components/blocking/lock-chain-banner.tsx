// On the sessions page: says when sessions wait on locks, and opens the blocking view.
import { ConsoleLink } from '@/components/layout/console-link';
import type { LockSummary } from '@/lib/types/blocking';

export function LockChainBanner({ locks, clusterId }: { locks: LockSummary | undefined; clusterId: string }) {
  if (!locks || locks.waiting === 0) return null;
  return (
    <div
      role="status"
      data-testid="lock-chain-banner"
      className="mx-4 mt-2 flex flex-wrap items-center gap-2 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      <span>
        <strong>{locks.waiting}</strong> {locks.waiting === 1 ? 'session is' : 'sessions are'} waiting on locks held by{' '}
        <strong>{locks.roots}</strong> root {locks.roots === 1 ? 'blocker' : 'blockers'}
      </span>
      —
      <ConsoleLink href={`/clusters/${encodeURIComponent(clusterId)}/blocking`} className="font-medium underline">
        open blocking view
      </ConsoleLink>
    </div>
  );
}
