// One row per owner: sessions by state, idle-in-transaction count, longest query and total running time.
// On a phone each owner is a card (a few numbers each, read one owner at a time), not a table to scroll sideways.
import { ConsoleLink } from '@/components/layout/console-link';
import { ownerDimensionLabels, ownerSessionsHref, type OwnerDimension, type OwnerGroup } from '@/lib/types/owners';
import { formatDuration } from '@/lib/types/session-view';
import { CellLabel, stackedTable } from '@/components/ui/stacked-table';

const noKey: Record<OwnerDimension, string> = {
  user: '(no user)',
  application: '(no application name)',
  client: '(local socket)',
  database: '(no database)',
  team: '(no team in the owners directory)',
};

const columns = [
  'Owner',
  'Sessions',
  'By state',
  'Idle in transaction',
  'Waiting on locks',
  'Longest query',
  'Total running time',
] as const;

const cell = stackedTable.cell;
const number = `${cell} tabular-nums md:text-right`;

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
  if (groups.length === 0)
    return <p className="text-sm text-zinc-600 dark:text-zinc-400">No client session right now.</p>;
  return (
    <table className={stackedTable.table} data-testid="owners-table">
      <thead
        className={`${stackedTable.head} border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:text-zinc-400`}
      >
        <tr>
          {columns.map((column, index) => (
            <th
              key={column}
              scope="col"
              className={`px-2 py-1.5 ${index === 0 || index === 2 ? '' : 'text-right'}`}
              title={column === 'Total running time' ? 'Sum of the query ages of the active sessions' : undefined}
            >
              {index === 0 ? ownerDimensionLabels[by] : column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className={stackedTable.body}>
        {groups.map((group) => {
          const href = ownerSessionsHref(clusterId, by, group.key);
          const label = group.key ?? noKey[by];
          return (
            <tr key={group.key ?? ''} className={stackedTable.row} data-testid="owner-group" data-key={group.key ?? ''}>
              <td className={`${cell} font-medium`}>
                {href ? (
                  <ConsoleLink
                    href={href}
                    className="font-medium underline"
                    title="Open the sessions page filtered to it"
                  >
                    {label}
                  </ConsoleLink>
                ) : (
                  <span className={group.key === null ? 'text-zinc-600 dark:text-zinc-400' : 'font-medium'}>
                    {label}
                  </span>
                )}
                {group.key !== null && contacts?.[group.key] && (
                  <span className="block text-xs text-zinc-600 dark:text-zinc-400" data-testid="owner-contact">
                    {contacts[group.key]}
                  </span>
                )}
              </td>
              <td className={number}>
                <CellLabel>Sessions</CellLabel>
                {group.sessions}
              </td>
              <td className={cell}>
                <CellLabel>By state</CellLabel>
                <States states={group.states} />
              </td>
              <td
                className={`${number} ${group.idleInTransaction ? 'font-semibold text-amber-700 dark:text-amber-400' : ''}`}
              >
                <CellLabel>Idle in transaction</CellLabel>
                {group.idleInTransaction}
              </td>
              <td className={`${number} ${group.waitingOnLocks ? 'font-semibold text-red-700 dark:text-red-400' : ''}`}>
                <CellLabel>Waiting on locks</CellLabel>
                {group.waitingOnLocks}
              </td>
              <td className={number} title={group.longestQueryPid ? `pid ${group.longestQueryPid}` : undefined}>
                <CellLabel>Longest query</CellLabel>
                {formatDuration(group.longestQueryMs) || '—'}
              </td>
              <td className={number}>
                <CellLabel>Total running time</CellLabel>
                {group.totalRunningMs > 0 ? formatDuration(group.totalRunningMs) : '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
