// One row per owner: sessions by state, idle-in-transaction count, longest query and total running time.
import Link from 'next/link';
import { ownerDimensionLabels, ownerSessionsHref, type OwnerDimension, type OwnerGroup } from '@/lib/types/owners';
import { formatDuration } from '@/lib/types/session-view';

const noKey: Record<OwnerDimension, string> = {
  user: '(no user)',
  application: '(no application name)',
  client: '(local socket)',
  database: '(no database)',
  team: '(no team in the owners directory)',
};

const cell = 'px-2 py-1.5';
const number = `${cell} text-right tabular-nums`;

function States({ states }: { states: Record<string, number> }) {
  return (
    <span className="flex flex-wrap gap-x-2 text-xs">
      {Object.entries(states)
        .sort(([, a], [, b]) => b - a)
        .map(([state, count]) => (
          <span key={state}>
            {state} <strong className="tabular-nums">{count}</strong>
          </span>
        ))}
    </span>
  );
}

export function OwnersTable({
  clusterId,
  by,
  groups,
  contacts,
}: {
  clusterId: string;
  by: OwnerDimension;
  groups: OwnerGroup[];
  contacts?: Record<string, string>;
}) {
  if (groups.length === 0) return <p className="text-sm text-zinc-500">No client session right now.</p>;
  return (
    <table className="w-full text-sm" data-testid="owners-table">
      <thead className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <tr>
          <th className={cell}>{ownerDimensionLabels[by]}</th>
          <th className={`${cell} text-right`}>Sessions</th>
          <th className={cell}>By state</th>
          <th className={`${cell} text-right`}>Idle in transaction</th>
          <th className={`${cell} text-right`}>Waiting on locks</th>
          <th className={`${cell} text-right`}>Longest query</th>
          <th className={`${cell} text-right`} title="Sum of the query ages of the active sessions">
            Total running time
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => {
          const href = ownerSessionsHref(clusterId, by, group.key);
          const label = group.key ?? noKey[by];
          return (
            <tr
              key={group.key ?? ''}
              className="border-b border-zinc-100 dark:border-zinc-900"
              data-testid="owner-group"
              data-key={group.key ?? ''}
            >
              <td className={cell}>
                {href ? (
                  <Link href={href} className="font-medium underline" title="Open the sessions page filtered to it">
                    {label}
                  </Link>
                ) : (
                  <span className={group.key === null ? 'text-zinc-500' : 'font-medium'}>{label}</span>
                )}
                {group.key !== null && contacts?.[group.key] && (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400" data-testid="owner-contact">
                    {contacts[group.key]}
                  </span>
                )}
              </td>
              <td className={number}>{group.sessions}</td>
              <td className={cell}>
                <States states={group.states} />
              </td>
              <td
                className={`${number} ${group.idleInTransaction ? 'font-semibold text-amber-700 dark:text-amber-400' : ''}`}
              >
                {group.idleInTransaction}
              </td>
              <td className={`${number} ${group.waitingOnLocks ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>
                {group.waitingOnLocks}
              </td>
              <td className={number} title={group.longestQueryPid ? `pid ${group.longestQueryPid}` : undefined}>
                {formatDuration(group.longestQueryMs) || '—'}
              </td>
              <td className={number}>{group.totalRunningMs > 0 ? formatDuration(group.totalRunningMs) : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
