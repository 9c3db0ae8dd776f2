'use client';

import { mainContentProps } from '@/components/layout/console-nav';
import { LiveStatus } from '@/components/layout/live-status';
import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { ownerDimensionLabels, ownerDimensions } from '@/lib/types/owners';
import { OwnersTable } from './owners-table';
import { useOwnerDimension, useOwners } from './use-owners';

export function OwnersView({ clusterId, initialError }: { clusterId: string; initialError: string | null }) {
  const [by, setBy] = useOwnerDimension();
  const query = useOwners(clusterId, by);
  useSignInWhenExpired(query.error);
  const requestError = query.error ? query.error.message : query.data ? null : initialError;
  // While another grouping loads the previous one stays on screen, headed by its own grouping.
  const shown = query.data;

  return (
    <main {...mainContentProps} className="outline-none min-h-0 flex-1 space-y-3 overflow-auto px-4 py-3">
      <div className="flex flex-wrap items-center gap-2 text-sm" role="group" aria-label="Group sessions by">
        <span className="text-zinc-600 dark:text-zinc-400">Group by</span>
        {ownerDimensions.map((dimension) => (
          <button
            key={dimension}
            type="button"
            aria-pressed={dimension === by}
            onClick={() => setBy(dimension)}
            data-testid={`owners-by-${dimension}`}
            className={`rounded border px-2 py-1 ${dimension === by ? 'border-zinc-900 bg-zinc-900 text-white dark:border-white dark:bg-white dark:text-zinc-900' : 'border-zinc-300 dark:border-zinc-700'}`}
          >
            {ownerDimensionLabels[dimension]}
          </button>
        ))}
      </div>
      <LiveStatus snapshot={shown?.snapshot} requestError={requestError} />
      {shown && <OwnersTable clusterId={clusterId} by={shown.by} groups={shown.groups} contacts={shown.contacts} />}
    </main>
  );
}
