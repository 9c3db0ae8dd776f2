import { FingerprintTotals } from '@/components/history/fingerprint-totals';
import { formatInstant } from '@/components/history/format';
import { LongQueryRows } from '@/components/history/long-query-rows';
import { OwnerTotals } from '@/components/history/owner-totals';
import { RangePicker } from '@/components/history/range-picker';
import { TeamTotals } from '@/components/history/team-totals';
import { TimelineChart } from '@/components/history/timeline-chart';
import { AlertsStrip } from '@/components/alerts/alerts-strip';
import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { getHistoryReport } from '@/lib/dal/history';
import { requireClusterPage } from '@/lib/dal/page-access';
import { returnPath } from '@/lib/dal/return-path';
import { historyViewToParams, parseHistoryView } from '@/lib/types/history';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ cluster: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function HistoryPage({ params, searchParams }: Props) {
  const { cluster: clusterId } = await params;
  const search = await searchParams;
  const access = await requireClusterPage(clusterId, returnPath(`/clusters/${clusterId}/history`, search));
  const view = parseHistoryView(search);
  const result = await getHistoryReport({ clusterId, view });
  const threshold = access.cluster.longQueryThresholdSeconds;

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="history" />
      <AlertsStrip clusterId={access.cluster.id} role={access.role} />
      <main {...mainContentProps} className="outline-none min-h-0 flex-1 space-y-5 overflow-auto px-4 py-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <RangePicker
            key={`${view.range}-${view.from ?? ''}-${view.to ?? ''}`}
            view={view}
            shown={result.ok ? result.data.window : null}
          />
          <a
            href={`/api/clusters/${encodeURIComponent(clusterId)}/history/export?${historyViewToParams(view)}`}
            className="rounded border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700"
            data-testid="history-export"
          >
            Export CSV
          </a>
        </div>
        {result.ok ? (
          <>
            <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="history-window">
              Queries that ran longer than {threshold}s on {clusterId}, from {formatInstant(result.data.window.from)} to{' '}
              {formatInstant(result.data.window.to)}. Durations by the database clock.
            </p>
            <TimelineChart clusterId={clusterId} timeline={result.data.timeline} />
            <div className="grid gap-5 xl:grid-cols-2">
              {result.data.teams.length > 0 && <TeamTotals teams={result.data.teams} />}
              <OwnerTotals clusterId={clusterId} owners={result.data.owners} />
              <FingerprintTotals fingerprints={result.data.fingerprints} />
            </div>
            <LongQueryRows clusterId={clusterId} records={result.data.records} truncated={result.data.truncated} />
          </>
        ) : (
          <div
            role="alert"
            className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {result.message}
          </div>
        )}
      </main>
    </div>
  );
}
