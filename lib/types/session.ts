// One row of pg_stat_activity as pgwarden shows it; the single definition used by SQL, action, table and tests.

/** A row as the wire carries it: timestamps only, so a row changes only when the session does. */
export interface LiveSessionRow {
  pid: number;
  leaderPid: number | null;
  user: string | null;
  database: string | null;
  applicationName: string;
  clientAddr: string | null;
  clientPort: number | null;
  backendType: string;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  query: string | null;
  queryId: string | null;
  /**
   * Exact text of backend_start as the server printed it; identifies the backend together with the pid.
   * Null when pgwarden's role may not see it (no pg_read_all_stats).
   */
  backendStart: string | null;
  queryStart: string | null;
  xactStart: string | null;
  stateChange: string | null;
  /** Pids this session waits for; filled only for sessions waiting on a lock. */
  blockedBy: number[];
  /** A connection pgwarden itself holds. */
  isPgwarden: boolean;
  userIsSuperuser: boolean;
  /** Matches the config's protect list: only an admin may signal it. */
  isProtected: boolean;
  /** The team of the config's owners directory that owns it (by user or application name); null when none. */
  team: string | null;
}

/**
 * Durations in milliseconds by the database clock: the snapshot's taken_at minus the row's timestamps
 * (lib/model/session-durations.ts), computed the same way on the server and in the browser.
 */
export interface SessionDurations {
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  backendAgeMs: number | null;
  stateAgeMs: number | null;
}

export type SessionRow = LiveSessionRow & SessionDurations;

export interface ClusterPrivileges {
  isSuperuser: boolean;
  canReadAllStats: boolean;
  canSignalBackends: boolean;
}

export interface SessionsSnapshot {
  clusterId: string;
  /** Numbers the sampler's snapshots (each sample, good or failed); with the view it names a response (ETag). */
  snapshotId: number;
  /** When the last good sample was taken, by the database clock (ISO 8601). */
  takenAt: string | null;
  sessions: SessionRow[];
  serverVersion: string | null;
  privileges: ClusterPrivileges | null;
  /**
   * max_connections of the server this sample was read from, so that work done on the snapshot later (alerts, metrics)
   * judges it by the server it came from. Absent on snapshots that were not sampled (tests).
   */
  maxConnections?: number | null;
  /** Set while the cluster cannot be reached; sessions then are the last good sample. */
  error: { message: string; since: string } | null;
  sampleMs: number | null;
  /**
   * The backend holding back vacuum the most: the age, in transactions, of the older of its backend_xid and
   * backend_xmin. Null when no backend holds one; absent on snapshots that were not sampled (tests).
   */
  oldestXmin?: { pid: number; backendStart: string | null; ageXids: number } | null;
  /** Milliseconds since the last good sample, by the server's clock when the database cannot answer. */
  ageMs: number | null;
}

export const durationKeys = ['queryAgeMs', 'xactAgeMs', 'backendAgeMs', 'stateAgeMs'] as const;
export type DurationKey = (typeof durationKeys)[number];

/** One backend, not one pid: a pid reused by a new backend is another session. */
export function sessionKey(row: Pick<SessionRow, 'pid' | 'backendStart'>): string {
  return `${row.pid}|${row.backendStart ?? ''}`;
}
