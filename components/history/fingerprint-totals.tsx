// Which statements run long: query fingerprints with how often they did, and their worst run.
import type { FingerprintTotal } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';

const cell = 'px-2 py-1.5';
const number = `${cell} text-right tabular-nums`;

export function FingerprintTotals({ fingerprints }: { fingerprints: FingerprintTotal[] }) {
  return (
    <section aria-labelledby="history-fingerprints-title" className="min-w-0">
      <h2 id="history-fingerprints-title" className="mb-1 font-semibold">
        Top queries
      </h2>
      {fingerprints.length === 0 ? (
        <p className="text-sm text-zinc-500">No long query in this window.</p>
      ) : (
        <table className="w-full table-fixed text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className={cell}>Query (constants replaced)</th>
              <th className={`${cell} w-24 text-right`}>Runs</th>
              <th className={`${cell} w-24 text-right`}>Total time</th>
              <th className={`${cell} w-24 text-right`}>Worst</th>
            </tr>
          </thead>
          <tbody>
            {fingerprints.map((row) => (
              <tr
                key={row.fingerprint}
                className="border-b border-zinc-100 dark:border-zinc-900"
                data-testid="history-fingerprint"
                data-fingerprint={row.fingerprint}
              >
                <td className={`${cell} truncate font-mono text-xs`} title={row.text ?? undefined}>
                  {row.text ?? '(query not visible)'}
                  {row.queryId && <span className="ml-2 font-sans text-zinc-500">query_id {row.queryId}</span>}
                </td>
                <td className={number}>{row.occurrences}</td>
                <td className={number}>{formatDuration(row.totalMs)}</td>
                <td className={number}>{formatDuration(row.worstMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
