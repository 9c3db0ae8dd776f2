// Session durations as `taken_at - timestamp` by the database clock: the same function on the server and in the browser.
import type { LiveSessionRow, SessionDurations, SessionRow } from '@/lib/types/session';
import { parseDbTimestamp } from './db-time';

const RUNNING_STATES = new Set(['active', 'fastpath function call']);

/** A query's age counts only while it runs; an idle session's query_start is when its last query began. */
export const queryIsRunning = (state: string | null) => state !== null && RUNNING_STATES.has(state);

// A diff keeps unchanged rows as the same objects, so their timestamps are parsed once, not at every snapshot.
const parsed = new WeakMap<LiveSessionRow, [number | null, number | null, number | null, number | null]>();

function timestampsOf(row: LiveSessionRow) {
  let times = parsed.get(row);
  if (!times) {
    const running = queryIsRunning(row.state);
    times = [
      running ? parseDbTimestamp(row.queryStart) : null,
      parseDbTimestamp(row.xactStart),
      parseDbTimestamp(row.backendStart),
      parseDbTimestamp(row.stateChange),
    ];
    parsed.set(row, times);
  }
  return times;
}

const minus = (takenAtMs: number, at: number | null) => (at === null ? null : takenAtMs - at);

/** Rows as the wire carries them (timestamps only) with their durations at the snapshot's database time. */
export function withDurations(rows: LiveSessionRow[], takenAt: string | null): SessionRow[] {
  const takenAtMs = parseDbTimestamp(takenAt);
  if (takenAtMs === null) {
    const none: SessionDurations = { queryAgeMs: null, xactAgeMs: null, backendAgeMs: null, stateAgeMs: null };
    return rows.map((row) => ({ ...row, ...none }));
  }
  return rows.map((row) => {
    const [query, xact, backend, state] = timestampsOf(row);
    // Written out rather than spread: one object shape, several times faster over 5,000 rows per snapshot.
    return {
      pid: row.pid,
      leaderPid: row.leaderPid,
      user: row.user,
      database: row.database,
      applicationName: row.applicationName,
      clientAddr: row.clientAddr,
      clientPort: row.clientPort,
      backendType: row.backendType,
      state: row.state,
      waitEventType: row.waitEventType,
      waitEvent: row.waitEvent,
      query: row.query,
      queryId: row.queryId,
      backendStart: row.backendStart,
      queryStart: row.queryStart,
      xactStart: row.xactStart,
      stateChange: row.stateChange,
      blockedBy: row.blockedBy,
      isPgwarden: row.isPgwarden,
      userIsSuperuser: row.userIsSuperuser,
      isProtected: row.isProtected,
      team: row.team,
      queryAgeMs: minus(takenAtMs, query),
      xactAgeMs: minus(takenAtMs, xact),
      backendAgeMs: minus(takenAtMs, backend),
      stateAgeMs: minus(takenAtMs, state),
    };
  });
}

/** The wire form of a row: durations left out, since they change every second while the timestamps do not. */
export function toLiveRow(row: SessionRow): LiveSessionRow {
  const { queryAgeMs: _q, xactAgeMs: _x, backendAgeMs: _b, stateAgeMs: _s, ...live } = row;
  return live;
}
