import type { SessionRow } from '@/lib/types/session';
import type { TargetResult } from '@/lib/types/signal';
import { formatDuration } from '@/lib/types/session-view';
import { OutcomeBadge } from './outcome-badge';
import type { RoleName } from '@/lib/config/schema';
import { signalRefusal } from '@/lib/model/signal-eligibility';

interface Props {
  targets: SessionRow[];
  role: RoleName;
  results: Map<number, TargetResult> | null;
  onUseLeader?: (leaderPid: number) => void;
}

function Warnings({ row }: { row: SessionRow }) {
  const notes = [
    row.userIsSuperuser && 'superuser',
    row.isProtected && 'protected',
    row.backendType === 'walsender' && 'replication (walsender)',
    row.backendType === 'autovacuum worker' && 'autovacuum worker',
  ].filter(Boolean);
  return notes.length ? (
    <span className="text-xs font-semibold text-red-700 dark:text-red-400">{notes.join(', ')}</span>
  ) : null;
}

export function TargetList({ targets, role, results, onUseLeader }: Props) {
  return (
    <ul
      className="divide-y divide-zinc-200 rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      data-testid="signal-targets"
    >
      {targets.map((row) => {
        const result = results?.get(row.pid);
        const refusal = signalRefusal(row, role);
        return (
          <li key={row.pid} className="space-y-1 p-2 text-sm" data-testid="signal-target" data-pid={row.pid}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <strong>pid {row.pid}</strong>
              <span>{row.user ?? '—'}</span>
              <span>{row.database ?? '—'}</span>
              <span>{row.applicationName || '—'}</span>
              <span>{row.clientAddr ?? 'local'}</span>
              <span className="text-zinc-600 dark:text-zinc-400">{row.state ?? row.backendType}</span>
              <Warnings row={row} />
              {result && <OutcomeBadge outcome={result.outcome} />}
            </div>
            <div className="flex flex-wrap gap-x-3 text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
              <span>query {formatDuration(row.queryAgeMs) || '—'}</span>
              <span>xact {formatDuration(row.xactAgeMs) || '—'}</span>
              <span>in state {formatDuration(row.stateAgeMs) || '—'}</span>
              <span>backend {formatDuration(row.backendAgeMs) || '—'}</span>
            </div>
            {/* Focusable, so a keyboard user can scroll a long query (WCAG scrollable-region-focusable). */}
            <pre
              tabIndex={0}
              aria-label={`Query of session ${row.pid}`}
              className="max-h-32 overflow-auto whitespace-pre-wrap break-words rounded bg-zinc-100 p-1 font-mono text-xs dark:bg-zinc-900"
            >
              {row.query ?? '(query not visible)'}
            </pre>
            {refusal && !result && (
              <p className="text-xs text-red-700 dark:text-red-400">
                Will be refused: {refusal}
                {row.leaderPid !== null && onUseLeader && (
                  <button type="button" className="ml-2 underline" onClick={() => onUseLeader(row.leaderPid!)}>
                    Use leader pid {row.leaderPid} instead
                  </button>
                )}
              </p>
            )}
            {result && (
              <p className="text-xs" data-testid="signal-result-message">
                {result.message}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
