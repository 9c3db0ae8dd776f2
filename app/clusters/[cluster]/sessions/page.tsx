import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { getQueryClient } from '@/components/query/get-query-client';
import { AlertsStrip } from '@/components/alerts/alerts-strip';
import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { SessionsView } from '@/components/sessions/sessions-view';
import { sessionsQueryKey } from '@/components/sessions/sessions-query-key';
import { requireClusterPage } from '@/lib/dal/page-access';
import { returnPath } from '@/lib/dal/return-path';
import { listSessions } from '@/lib/dal/sessions';
import { parseSessionView } from '@/lib/types/session-view';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function SessionsPage({ params, searchParams }: Props) {
  const { cluster: clusterId } = await params;
  const search = await searchParams;
  const access = await requireClusterPage(clusterId, returnPath(`/clusters/${clusterId}/sessions`, search));
  const view = parseSessionView(search);
  const queryClient = getQueryClient();
  const result = await listSessions({ clusterId, view });
  if (result.ok) queryClient.setQueryData(sessionsQueryKey(clusterId, view), result.data);

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="sessions" />
      <AlertsStrip clusterId={access.cluster.id} role={access.role} />
      <main {...mainContentProps} className="outline-none flex min-h-0 flex-1 flex-col">
        <HydrationBoundary state={dehydrate(queryClient)}>
          <SessionsView clusterId={clusterId} role={access.role} initialError={result.ok ? null : result.message} />
        </HydrationBoundary>
      </main>
    </div>
  );
}
