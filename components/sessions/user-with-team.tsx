// The user cell of the sessions table: the database user and, when the owners directory names one, its team.
import type { SessionRow } from '@/lib/types/session';

export function UserWithTeam({ row }: { row: Pick<SessionRow, 'user' | 'team'> }) {
  return (
    <>
      {row.user}
      {row.team && (
        <span
          className="ml-1 rounded bg-zinc-200 px-1 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300"
          title={`Owned by team ${row.team}`}
          data-testid="session-team"
        >
          {row.team}
        </span>
      )}
    </>
  );
}
