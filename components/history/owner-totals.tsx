// Who runs the long queries: owners (user and application) by total long-query time, each linked to its live sessions.
import { ConsoleLink } from '@/components/layout/console-link';
import { ownerLabel, ownerLiveHref, type OwnerTotal } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';
import { CellLabel, stackedTable } from '@/components/ui/stacked-table';

// Cards on a phone, like the other history tables, so owner names are never cut.
const cell = stackedTable.cell;
const number = `${cell} tabular-nums md:text-right`;
const head = 'px-2 py-1.5';

export function OwnerTotals({ clusterId, owners }: { clusterId: string; owners: OwnerTotal[] }) {
  return (
    <section aria-labelledby="history-owners-title" className="min-w-0">
      <h2 id="history-owners-title" className="mb-1 font-semibold">
        Top owners
      </h2>
      {owners.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No long query in this window.</p>
      ) : (
        <table className={stackedTable.table}>
          <thead
            className={`${stackedTable.head} border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400`}
          >
            <tr>
              <th className={head}>User · application</th>
              <th className={`${head} text-right`}>Long queries</th>
              <th className={`${head} text-right`}>Total time</th>
              <th className={`${head} text-right`}>Worst</th>
            </tr>
          </thead>
          <tbody className={stackedTable.body}>
            {owners.map((owner) => (
              <tr
                key={`${owner.user}\u0000${owner.application}`}
                className={stackedTable.row}
                data-testid="history-owner"
                data-user={owner.user ?? ''}
                data-application={owner.application ?? ''}
              >
                <td className={`${cell} break-all`}>
                  <ConsoleLink
                    href={ownerLiveHref(clusterId, owner.user, owner.application)}
                    className="underline"
                    title="Live sessions of this owner"
                  >
                    {ownerLabel(owner.user, owner.application)}
                  </ConsoleLink>
                </td>
                <td className={number}>
                  <CellLabel>Long queries</CellLabel>
                  {owner.queries}
                </td>
                <td className={number}>
                  <CellLabel>Total time</CellLabel>
                  {formatDuration(owner.totalMs)}
                </td>
                <td className={number}>
                  <CellLabel>Worst</CellLabel>
                  {formatDuration(owner.worstMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
