// What the metrics say about one snapshot: counts and ages with a fixed, small set of label values (no pids, no text).
import type { SessionRow } from '@/lib/types/session';

/** pg_stat_activity.state values; anything else (or null, e.g. without pg_read_all_stats) counts as "unknown". */
export const SESSION_STATES = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
  'unknown',
] as const;
export type SessionStateLabel = (typeof SESSION_STATES)[number];

export interface SessionSummary {
  byState: Record<SessionStateLabel, number>;
  waitingOnLocks: number;
  longestQuerySeconds: number;
  oldestIdleInTransactionSeconds: number;
  connectionsUsed: number;
}

function stateLabel(state: string | null): SessionStateLabel {
  return (SESSION_STATES as readonly (string | null)[]).includes(state) ? (state as SessionStateLabel) : 'unknown';
}

export function summariseSessions(sessions: readonly SessionRow[]): SessionSummary {
  const byState = Object.fromEntries(SESSION_STATES.map((state) => [state, 0])) as Record<SessionStateLabel, number>;
  let waitingOnLocks = 0;
  let longestQueryMs = 0;
  let oldestIdleInTransactionMs = 0;
  let connectionsUsed = 0;
  for (const row of sessions) {
    if (row.waitEventType === 'Lock') waitingOnLocks++;
    // Walsenders and background workers have their own limits; max_connections counts client backends.
    if (row.backendType !== 'client backend') continue;
    connectionsUsed++;
    byState[stateLabel(row.state)]++;
    if (row.state === 'active' && !row.isPgwarden) longestQueryMs = Math.max(longestQueryMs, row.queryAgeMs ?? 0);
    if (row.state?.startsWith('idle in transaction')) {
      oldestIdleInTransactionMs = Math.max(oldestIdleInTransactionMs, row.xactAgeMs ?? 0);
    }
  }
  return {
    byState,
    waitingOnLocks,
    longestQuerySeconds: longestQueryMs / 1000,
    oldestIdleInTransactionSeconds: oldestIdleInTransactionMs / 1000,
    connectionsUsed,
  };
}
