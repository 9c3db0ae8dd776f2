// Which statements run long: query fingerprints with how often they did, and their worst run.
import type { FingerprintTotal } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';
import { CellLabel, stackedTable } from '@/components/ui/stacked-table';

// Cards on a phone: the statement is the point of a row and needs the width.
const cell = stackedTable.cell;
const number = `${cell} tabular-nums md:text-right`;
const head = 'px-2 py-1.5';

export function FingerprintTotals({ fingerprints }: { fingerprints: FingerprintTotal[] }) {
  return (
    <section aria-labelledby="history-fingerprints-title" className="min-w-0">
      <h2 id="history-fingerprints-title" className="mb-1 font-semibold">
        Top queries
      </h2>
      {fingerprints.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No long query in this window.</p>
      ) : (
        <table className={`${stackedTable.table} md:table-fixed`}>
          <thead
            className={`${stackedTable.head} border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400`}
          >
            <tr>
              <th className={head}>Query (constants replaced)</th>
              <th className={`${head} w-24 text-right`}>Runs</th>
              <th className={`${head} w-24 text-right`}>Total time</th>
              <th className={`${head} w-24 text-right`}>Worst</th>
            </tr>
          </thead>
          <tbody className={stackedTable.body}>
            {fingerprints.map((row) => (
              <tr
                key={row.fingerprint}
                className={stackedTable.row}
                data-testid="history-fingerprint"
                data-fingerprint={row.fingerprint}
              >
                <td
                  className={`${cell} font-mono text-xs break-all md:truncate md:break-normal`}
                  title={row.text ?? undefined}
                >
                  <span className="line-clamp-3 md:inline">
                    {row.text ?? '(query not visible)'}
                    {row.queryId && (
                      <span className="ml-2 font-sans text-zinc-600 dark:text-zinc-400">query_id {row.queryId}</span>
                    )}
                  </span>
                </td>
                <td className={number}>
                  <CellLabel>Runs</CellLabel>
                  {row.occurrences}
                </td>
                <td className={number}>
                  <CellLabel>Total time</CellLabel>
                  {formatDuration(row.totalMs)}
                </td>
                <td className={number}>
                  <CellLabel>Worst</CellLabel>
                  {formatDuration(row.worstMs)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
