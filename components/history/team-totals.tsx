// Long-query history grouped by team of the owners directory (computed from each run's user and application).
import type { TeamTotal } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';

const cell = 'px-2 py-1.5';
const number = `${cell} text-right tabular-nums`;

export function TeamTotals({ teams }: { teams: TeamTotal[] }) {
  return (
    <section aria-labelledby="history-teams-title" className="min-w-0">
      <h2 id="history-teams-title" className="mb-1 font-semibold">
        By team
      </h2>
      <table className="w-full text-sm">
        <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th className={cell}>Team</th>
            <th className={`${cell} text-right`}>Long queries</th>
            <th className={`${cell} text-right`}>Total time</th>
            <th className={`${cell} text-right`}>Worst</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((total) => (
            <tr
              key={total.team ?? ''}
              className="border-b border-zinc-100 dark:border-zinc-900"
              data-testid="history-team"
              data-team={total.team ?? ''}
            >
              <td className={cell}>
                {total.team ?? <span className="text-zinc-600 dark:text-zinc-400">(no team)</span>}
              </td>
              <td className={number}>{total.queries}</td>
              <td className={number}>{formatDuration(total.totalMs)}</td>
              <td className={number}>{formatDuration(total.worstMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
