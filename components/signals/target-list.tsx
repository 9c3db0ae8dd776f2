import type { SessionRow } from '@/lib/types/session';
import type { TargetResult } from '@/lib/types/signal';
import { formatDuration } from '@/lib/types/session-view';
import { OutcomeBadge } from './outcome-badge';
import { refusalOf } from './signal-rules';

interface Props {
  targets: SessionRow[];
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
  return notes.length ? <span className="text-xs font-semibold text-red-600">{notes.join(', ')}</span> : null;
}

export function TargetList({ targets, results, onUseLeader }: Props) {
  return (
    <ul
      className="max-h-80 divide-y divide-zinc-200 overflow-auto rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      data-testid="signal-targets"
    >
      {targets.map((row) => {
        const result = results?.get(row.pid);
        const refusal = refusalOf(row);
        return (
          <li key={row.pid} className="space-y-1 p-2 text-sm" data-testid="signal-target" data-pid={row.pid}>
            <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <strong>pid {row.pid}</strong>
              <span>{row.user ?? '—'}</span>
              <span>{row.database ?? '—'}</span>
              <span>{row.applicationName || '—'}</span>
              <span>{row.clientAddr ?? 'local'}</span>
              <span className="text-zinc-500">{row.state ?? row.backendType}</span>
              <Warnings row={row} />
              {result && <OutcomeBadge outcome={result.outcome} />}
            </div>
            <div className="flex gap-3 text-xs text-zinc-500 tabular-nums">
              <span>query {formatDuration(row.queryAgeMs) || '—'}</span>
              <span>xact {formatDuration(row.xactAgeMs) || '—'}</span>
              <span>in state {formatDuration(row.stateAgeMs) || '—'}</span>
              <span>backend {formatDuration(row.backendAgeMs) || '—'}</span>
            </div>
            <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-words rounded bg-zinc-100 p-1 font-mono text-xs dark:bg-zinc-900">
              {row.query ?? '(query not visible)'}
            </pre>
            {refusal && !result && (
              <p className="text-xs text-red-600">
                Will be refused: {refusal}.
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
