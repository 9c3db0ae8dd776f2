import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { blockingQueryKey } from '@/components/blocking/blocking-query-key';
import { BlockingView } from '@/components/blocking/blocking-view';
import { AlertsStrip } from '@/components/alerts/alerts-strip';
import { ConsoleHeader } from '@/components/layout/console-header';
import { getQueryClient } from '@/components/query/get-query-client';
import { getBlockingTree } from '@/lib/dal/blocking';
import { requireClusterPage } from '@/lib/dal/page-access';
import { returnPath } from '@/lib/dal/return-path';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function BlockingPage({ params, searchParams }: Props) {
  const { cluster: clusterId } = await params;
  const access = await requireClusterPage(clusterId, returnPath(`/clusters/${clusterId}/blocking`, await searchParams));
  const queryClient = getQueryClient();
  const result = await getBlockingTree({ clusterId });
  if (result.ok) queryClient.setQueryData(blockingQueryKey(clusterId), result.data);

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="blocking" />
      <AlertsStrip clusterId={access.cluster.id} role={access.role} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <BlockingView clusterId={clusterId} role={access.role} initialError={result.ok ? null : result.message} />
      </HydrationBoundary>
    </div>
  );
}
