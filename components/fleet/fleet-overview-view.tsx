'use client';

import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { ClusterCard } from './cluster-card';
import { useFleetOverview } from './use-fleet-overview';
import { mainContentProps } from '@/components/layout/console-nav';

const alertClass =
  'rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200';

export function FleetOverviewView({ initialError }: { initialError: string | null }) {
  const query = useFleetOverview();
  useSignInWhenExpired(query.error);
  const clusters = query.data?.clusters ?? [];
  const requestError = query.error ? query.error.message : query.data ? null : initialError;
  return (
    <main {...mainContentProps} className="outline-none min-h-0 flex-1 space-y-3 overflow-auto px-4 py-3">
      <h1 className="text-lg font-semibold">Fleet overview</h1>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {clusters.length} {clusters.length === 1 ? 'cluster' : 'clusters'}, worst first: unreachable, then lock chains,
        full connection slots, long queries and idle transactions. Each figure opens the cluster filtered to it.
      </p>
      {requestError && (
        <div role="alert" className={alertClass}>
          {requestError}
        </div>
      )}
      <ol className="grid gap-3" data-testid="fleet-overview">
        {clusters.map((cluster, index) => (
          <li key={cluster.id}>
            <ClusterCard overview={cluster} rank={index + 1} />
          </li>
        ))}
      </ol>
    </main>
  );
}
