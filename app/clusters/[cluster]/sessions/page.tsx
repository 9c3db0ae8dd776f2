import { AlertsStrip } from '@/components/alerts/alerts-strip';
import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { FirstScreenProvider } from '@/components/live/first-screen';
import { SessionsView } from '@/components/sessions/sessions-view';
import { requireClusterPage } from '@/lib/dal/page-access';
import { returnPath } from '@/lib/dal/return-path';
import { encodedSessions } from '@/lib/dal/sessions';
import { everySessionView, FIRST_SCREEN_ROWS } from '@/lib/model/page-view';
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
  // The first screen comes from the view hub, as every GET and stream of the page does: from the view of every session
  // (the page filters them for its view), encoded once per snapshot.
  const result = await encodedSessions({ clusterId, view: everySessionView(view) });
  const encoded = result.ok ? result.data : null;

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="sessions" />
      <AlertsStrip clusterId={access.cluster.id} role={access.role} />
      <main {...mainContentProps} className="outline-none flex min-h-0 flex-1 flex-col">
        <FirstScreenProvider
          clusterId={clusterId}
          firstScreenJson={encoded && encoded.firstScreen(view, FIRST_SCREEN_ROWS)}
        >
          <SessionsView clusterId={clusterId} role={access.role} initialError={result.ok ? null : result.message} />
        </FirstScreenProvider>
      </main>
    </div>
  );
}
