// Each recorded run: who, how long, how it ended, and the audit entries of the signals pgwarden sent it.
// On a phone each run is a card, so the query gets the whole width instead of a truncated last column.
import { ConsoleLink } from '@/components/layout/console-link';
import { auditHref, ownerLabel, ownerLiveHref, type LongQueryEnd, type LongQueryRecord } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';
import { CellLabel, stackedTable } from '@/components/ui/stacked-table';
import { formatInstant } from './format';

const tones: Record<LongQueryEnd, string> = {
  running: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200',
  finished: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  cancelled: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200',
  terminated: 'bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200',
};

const cell = `${stackedTable.cell} md:align-top`;
const head = 'px-2 py-1.5 align-top';

export function LongQueryRows({
  clusterId,
  records,
  truncated,
}: {
  clusterId: string;
  records: LongQueryRecord[];
  truncated: boolean;
}) {
  return (
    <section aria-labelledby="history-rows-title">
      <h2 id="history-rows-title" className="mb-1 font-semibold">
        Long queries{' '}
        {truncated && (
          <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
            (the {records.length} latest; export CSV for all)
          </span>
        )}
      </h2>
      {records.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No long query in this window.</p>
      ) : (
        <table className={`${stackedTable.table} md:table-fixed`}>
          <thead
            className={`${stackedTable.head} border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400`}
          >
            <tr>
              <th className={`${head} w-52`}>Started</th>
              <th className={`${head} w-24 text-right`}>Ran</th>
              <th className={`${head} w-56`}>Owner</th>
              <th className={`${head} w-40`}>Ended</th>
              <th className={head}>Query</th>
            </tr>
          </thead>
          <tbody className={stackedTable.body}>
            {records.map((record) => (
              <tr
                key={record.id}
                className={stackedTable.row}
                data-testid="history-row"
                data-id={record.id}
                data-pid={record.pid}
                data-ended={record.ended}
              >
                <td className={`${cell} tabular-nums`}>
                  <CellLabel>Started</CellLabel>
                  {formatInstant(record.queryStart)}
                </td>
                <td
                  className={`${cell} tabular-nums md:text-right`}
                  title="Longest duration seen, by the database clock"
                >
                  <CellLabel>Ran</CellLabel>
                  <span>
                    {record.ended === 'running' ? '≥ ' : ''}
                    {formatDuration(record.longestMs)}
                  </span>
                </td>
                <td className={cell}>
                  <div className="min-w-0 break-words">
                    <ConsoleLink href={ownerLiveHref(clusterId, record.user, record.application)} className="underline">
                      {ownerLabel(record.user, record.application)}
                    </ConsoleLink>
                    <div className="text-xs text-zinc-600 dark:text-zinc-400">
                      pid {record.pid} · {record.database ?? '—'} · {record.client ?? 'local'}
                      {record.team && <span data-testid="history-row-team"> · team {record.team}</span>}
                    </div>
                  </div>
                </td>
                <td className={`${cell} flex-wrap items-center`}>
                  <span className={`rounded px-1.5 py-0.5 text-xs ${tones[record.ended]}`}>{record.ended}</span>
                  {record.auditIds.length > 0 && (
                    <div className="mt-1 flex flex-wrap gap-x-2 text-xs" data-testid="history-audit-links">
                      {record.auditIds.map((auditId) => (
                        <ConsoleLink key={auditId} href={auditHref(auditId)} className="underline">
                          audit #{auditId}
                          {auditId === record.endedByAuditId ? ' (ended it)' : ''}
                        </ConsoleLink>
                      ))}
                    </div>
                  )}
                </td>
                <td
                  className={`${cell} font-mono text-xs break-all md:truncate md:break-normal`}
                  title={record.query ?? undefined}
                >
                  <span className="line-clamp-3 md:inline">{record.query ?? '(query not visible)'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
