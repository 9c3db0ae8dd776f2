import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { AlertsStrip } from '@/components/alerts/alerts-strip';
import { ConsoleHeader } from '@/components/layout/console-header';
import { ownersQueryKey } from '@/components/owners/owners-query-key';
import { OwnersView } from '@/components/owners/owners-view';
import { getQueryClient } from '@/components/query/get-query-client';
import { listOwners } from '@/lib/dal/owners';
import { requireClusterPage } from '@/lib/dal/page-access';
import { returnPath } from '@/lib/dal/return-path';
import { ownerDimensionSchema } from '@/lib/types/owners';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OwnersPage({ params, searchParams }: Props) {
  const { cluster: clusterId } = await params;
  const search = await searchParams;
  const access = await requireClusterPage(clusterId, returnPath(`/clusters/${clusterId}/owners`, search));
  const by = ownerDimensionSchema.parse(Array.isArray(search.by) ? search.by[0] : search.by);
  const queryClient = getQueryClient();
  const result = await listOwners({ clusterId, by });
  if (result.ok) queryClient.setQueryData(ownersQueryKey(clusterId, by), result.data);

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="owners" />
      <AlertsStrip clusterId={access.cluster.id} role={access.role} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <OwnersView clusterId={clusterId} initialError={result.ok ? null : result.message} />
      </HydrationBoundary>
    </div>
  );
}
