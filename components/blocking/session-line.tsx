// One session in a lock chain, on one line: who it is, what it does and for how long.
import { StateBadge } from '@/components/sessions/state-badge';
import type { SessionRow } from '@/lib/types/session';
import { formatDuration } from '@/lib/types/session-view';

export function SessionIdentity({ session }: { session: SessionRow }) {
  return (
    <span className="text-zinc-600 dark:text-zinc-400">
      {session.user ?? '—'}@{session.database ?? '—'} · {session.applicationName || 'no application'} ·{' '}
      {session.clientAddr ?? 'local'}
    </span>
  );
}

export function WaiterLine({ session }: { session: SessionRow }) {
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
      <strong className="tabular-nums">{session.pid}</strong>
      <SessionIdentity session={session} />
      <StateBadge row={session} />
      <span className="tabular-nums" title="Time in state, by the database clock">
        waiting {formatDuration(session.stateAgeMs) || '—'}
      </span>
      {session.waitEvent && (
        <span className="text-zinc-600 dark:text-zinc-400">
          {session.waitEventType}: {session.waitEvent}
        </span>
      )}
      <span className="min-w-0 max-w-[40rem] truncate font-mono text-xs" title={session.query ?? undefined}>
        {session.query ?? '(query not visible)'}
      </span>
    </span>
  );
}
