import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { FleetOverviewView } from '@/components/fleet/fleet-overview-view';
import { fleetQueryKey } from '@/components/fleet/fleet-query-key';
import { ConsoleHeader } from '@/components/layout/console-header';
import { getQueryClient } from '@/components/query/get-query-client';
import { fleetOverview } from '@/lib/dal/fleet';
import { requireClusterPage } from '@/lib/dal/page-access';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const access = await requireClusterPage(null, '/');
  const queryClient = getQueryClient();
  // The data-access layer directly, not our own API route: a server-side fetch would carry no session cookie.
  const result = await fleetOverview();
  if (result.ok) queryClient.setQueryData(fleetQueryKey, result.data);

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="overview" />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <FleetOverviewView initialError={result.ok ? null : result.message} />
      </HydrationBoundary>
    </div>
  );
}
