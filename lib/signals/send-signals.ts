// Signals targets by (pid, backend_start) in one set-based statement, then watches them to report honestly.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import { describePgError, pgErrorCode } from '@/lib/pg/errors';
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';
import type { SignalTarget } from './target-lookup';

export const CANCEL_WAIT_MS = 3000;
const POLL_MS = 100;
const INSUFFICIENT_PRIVILEGE = '42501';
export const SIGNAL_GRANT_HINT = 'GRANT pg_signal_backend TO <pgwarden role>;';

export interface SendResult {
  pid: number;
  outcome: SignalOutcome;
  message: string;
}

// The match and the signal are one statement: a pid reused by a new backend is never signalled, and a cancel
// also requires the query the user confirmed (same query_start), so it never stops the next query of a pooled backend.
const MATCHED_TARGETS = `from unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) as t(pid, backend_start, query_start)
  left join pg_stat_activity a on a.pid = t.pid and a.backend_start = t.backend_start
   and (t.query_start is null or a.query_start = t.query_start)`;

const SIGNAL_SQL: Record<SignalAction, string> = {
  cancel: `select t.pid, a.pid is not null as matched, case when a.pid is not null then pg_cancel_backend(t.pid) end as sent
           ${MATCHED_TARGETS}`,
  terminate: `select t.pid, a.pid is not null as matched, case when a.pid is not null then pg_terminate_backend(t.pid) end as sent
              ${MATCHED_TARGETS}`,
};

const STILL_THERE_SQL = `select t.pid, a.state, a.query_start::text as query_start
  from unnest($1::int[], $2::timestamptz[]) as t(pid, backend_start)
  join pg_stat_activity a on a.pid = t.pid and a.backend_start = t.backend_start`;

export interface SendStats {
  roundTrips: number;
}

type Sent = { pid: number; matched: boolean; sent: boolean | null };

async function signalSet(
  pool: pg.Pool,
  action: SignalAction,
  targets: SignalTarget[],
  stats: SendStats,
): Promise<Sent[]> {
  if (targets.length === 0) return [];
  stats.roundTrips++;
  const { rows } = await runQuery<Sent>(pool, SIGNAL_SQL[action], [
    targets.map((target) => target.pid),
    targets.map((target) => target.backendStart),
    targets.map((target) => (action === 'cancel' ? target.queryStart : null)),
  ]);
  return rows;
}

function notPermittedMessage(target: SignalTarget): string {
  return target.userIsSuperuser
    ? 'Not permitted: the session belongs to a superuser, and pgwarden’s role is not a superuser.'
    : `Not permitted: pgwarden’s role may not signal this user’s sessions. Fix: ${SIGNAL_GRANT_HINT}`;
}

/** Targets PostgreSQL may refuse go one by one, so that a refusal (SQLSTATE 42501) stops only its own target. */
async function signalOneByOne(
  pool: pg.Pool,
  action: SignalAction,
  targets: SignalTarget[],
  stats: SendStats,
  refused: Map<number, SendResult>,
  settle: (sent: Sent[]) => void,
): Promise<void> {
  for (const target of targets) {
    try {
      settle(await signalSet(pool, action, [target], stats));
    } catch (error) {
      if (pgErrorCode(error) !== INSUFFICIENT_PRIVILEGE) throw error;
      refused.set(target.pid, { pid: target.pid, outcome: 'not_permitted', message: notPermittedMessage(target) });
    }
  }
}

async function waitForTargets(
  pool: pg.Pool,
  action: SignalAction,
  targets: SignalTarget[],
  waitMs: number,
  stats: SendStats,
): Promise<Set<number>> {
  const deadline = performance.now() + waitMs;
  let still = new Set(targets.map((target) => target.pid));
  const byPid = new Map(targets.map((target) => [target.pid, target]));
  while (still.size > 0) {
    const watched = [...still].map((pid) => byPid.get(pid)!);
    stats.roundTrips++;
    const { rows } = await runQuery<{ pid: number; state: string | null; query_start: string | null }>(
      pool,
      STILL_THERE_SQL,
      [watched.map((target) => target.pid), watched.map((target) => target.backendStart)],
    );
    // A cancelled query is over when the backend is idle again or runs another query.
    const running =
      action === 'terminate'
        ? rows
        : rows.filter((row) => row.state === 'active' && row.query_start === byPid.get(row.pid)?.queryStart);
    still = new Set(running.map((row) => row.pid));
    if (still.size === 0 || performance.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - performance.now())));
  }
  return still;
}

function settledResult(
  action: SignalAction,
  target: SignalTarget,
  timeoutMs: number,
  stillRunning: boolean,
): SendResult {
  const seconds = `${(timeoutMs / 1000).toFixed(timeoutMs % 1000 ? 1 : 0)}s`;
  if (action === 'terminate') {
    if (timeoutMs === 0)
      return { pid: target.pid, outcome: 'signal_sent', message: 'Terminate signal sent (not waiting).' };
    return stillRunning
      ? {
          pid: target.pid,
          outcome: 'still_running',
          message: `Signal sent, but the backend was still there after ${seconds}. Terminate again, or wait longer.`,
        }
      : { pid: target.pid, outcome: 'terminated', message: `Terminated: the backend exited within ${seconds}.` };
  }
  if (target.state !== 'active') {
    return {
      pid: target.pid,
      outcome: 'signal_sent',
      message: `Cancel sent, but the session was ${target.state ?? 'not running a query'}: there was no query to stop.`,
    };
  }
  return stillRunning
    ? {
        pid: target.pid,
        outcome: 'still_running',
        message: `The query was still running ${seconds} after the cancel. Terminate the session instead?`,
      }
    : { pid: target.pid, outcome: 'cancelled', message: 'Query cancelled; the session stays connected.' };
}

const GONE: Record<SignalAction, string> = {
  terminate: 'That session had already ended; nothing was signalled.',
  cancel: 'The query you confirmed had already finished, or the session ended; nothing was cancelled.',
};

export async function sendSignals(
  pool: pg.Pool,
  action: SignalAction,
  targets: SignalTarget[],
  timeoutMs: number,
  stats: SendStats = { roundTrips: 0 },
): Promise<SendResult[]> {
  const results = new Map<number, SendResult>();
  const byPid = new Map(targets.map((target) => [target.pid, target]));
  const signalled: SignalTarget[] = [];
  const settleWith = (goneMessage: string) => (sent: Sent[]) => {
    for (const row of sent) {
      if (row.matched && row.sent) signalled.push(byPid.get(row.pid)!);
      else results.set(row.pid, { pid: row.pid, outcome: 'already_gone', message: goneMessage });
    }
  };
  try {
    const likely = targets.filter((target) => target.predictedPermitted);
    try {
      settleWith(GONE[action])(await signalSet(pool, action, likely, stats));
    } catch (error) {
      // Only when PostgreSQL's rules differ from the prediction; rows before the refused one may have been signalled.
      if (pgErrorCode(error) !== INSUFFICIENT_PRIVILEGE) throw error;
      const retried = `${GONE[action]} (It was gone when pgwarden retried it alone, after PostgreSQL refused another target of the same statement: that statement may have signalled it.)`;
      await signalOneByOne(pool, action, likely, stats, results, settleWith(retried));
    }
    const doubtful = targets.filter((target) => !target.predictedPermitted);
    await signalOneByOne(pool, action, doubtful, stats, results, settleWith(GONE[action]));
  } catch (error) {
    const message = `Failed: ${describePgError(error)}. Nothing more was sent; check the cluster and try again.`;
    for (const target of targets) {
      if (!results.has(target.pid) && !signalled.includes(target)) {
        results.set(target.pid, { pid: target.pid, outcome: 'failed', message });
      }
    }
  }

  const waitMs = action === 'terminate' ? timeoutMs : CANCEL_WAIT_MS;
  const watch = action === 'cancel' ? signalled.filter((target) => target.state === 'active') : signalled;
  try {
    const still =
      waitMs > 0 && watch.length ? await waitForTargets(pool, action, watch, waitMs, stats) : new Set<number>();
    for (const target of signalled)
      results.set(target.pid, settledResult(action, target, waitMs, still.has(target.pid)));
  } catch (error) {
    // The signals went out; only the check afterwards failed. Say so rather than "failed", which invites a retry.
    const message = `Signal sent, but pgwarden could not check the outcome (${describePgError(error)}). Look at the table before acting again.`;
    for (const target of signalled) results.set(target.pid, { pid: target.pid, outcome: 'signal_sent', message });
  }
  return targets.map((target) => results.get(target.pid)!);
}
