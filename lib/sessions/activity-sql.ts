// The pg_stat_activity query, built for the columns the connected server has (PostgreSQL 14 to 18).
import 'server-only';
import { isPgwardenSql } from '@/lib/pg/own-connections';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { queryIsRunning } from '@/lib/model/session-durations';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';

/** Columns that some supported servers lack; each falls back to NULL of its type. */
const OPTIONAL_COLUMNS: Record<string, string> = {
  leader_pid: 'null::int',
  query_id: 'null::bigint',
  backend_type: "''::text",
  backend_xid: 'null::xid',
  backend_xmin: 'null::xid',
};

function column(name: string, available: Set<string>): string {
  if (name in OPTIONAL_COLUMNS && !available.has(name)) return OPTIONAL_COLUMNS[name]!;
  return `a.${name}`;
}

export function buildActivitySql(available: Set<string>): string {
  return `select a.pid,
       ${column('leader_pid', available)} as leader_pid,
       a.usename as user_name,
       a.datname as database,
       a.application_name,
       host(a.client_addr) as client_addr,
       a.client_port,
       ${column('backend_type', available)} as backend_type,
       a.state,
       a.wait_event_type,
       a.wait_event,
       a.query,
       ${column('query_id', available)}::text as query_id,
       a.backend_start::text as backend_start,
       a.query_start::text as query_start,
       a.xact_start::text as xact_start,
       a.state_change::text as state_change,
       case when a.wait_event_type = 'Lock' then pg_blocking_pids(a.pid) else '{}'::int[] end as blocked_by,
       ${isPgwardenSql('$1')} as is_pgwarden,
       coalesce(r.rolsuper, false) as user_is_superuser,
       greatest(age(${column('backend_xid', available)}), age(${column('backend_xmin', available)})) as xmin_age,
       now()::text as taken_at
  from pg_stat_activity a
  left join pg_roles r on r.oid = a.usesysid`;
}

export interface ActivityRecord {
  pid: number;
  leader_pid: number | null;
  user_name: string | null;
  database: string | null;
  application_name: string | null;
  client_addr: string | null;
  client_port: number | null;
  backend_type: string | null;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string | null;
  query_id: string | null;
  backend_start: string | null;
  query_start: string | null;
  xact_start: string | null;
  state_change: string | null;
  blocked_by: number[];
  is_pgwarden: boolean;
  user_is_superuser: boolean;
  /** Transactions since the oldest xid this backend holds back vacuum with (its own xid or its snapshot's xmin). */
  xmin_age: number | null;
  taken_at: string;
}

/** parseDbTimestamp, or a cache of it (the sampler's, so a sample parses only the timestamps that are new). */
type ReadTimestamp = (text: string | null) => number | null;

const age = (takenAtMs: number | null, at: number | null) =>
  takenAtMs === null || at === null ? null : takenAtMs - at;

/**
 * Durations are taken_at - timestamp (lib/model/session-durations.ts), as the browser computes them too. One object
 * literal with every field in a fixed order: all rows share one shape, which keeps every later pass over 5,000 rows
 * (filters, facets, metrics, history) fast, where spread objects made them several times slower.
 */
export function toSessionRow(
  record: ActivityRecord,
  takenAtMs: number | null,
  readTimestamp: ReadTimestamp = parseDbTimestamp,
): SessionRow {
  return {
    pid: record.pid,
    leaderPid: record.leader_pid === record.pid ? null : record.leader_pid,
    user: record.user_name,
    database: record.database,
    applicationName: record.application_name ?? '',
    clientAddr: record.client_addr,
    clientPort: record.client_port,
    backendType: record.backend_type ?? '',
    state: record.state,
    waitEventType: record.wait_event_type,
    waitEvent: record.wait_event,
    query: record.query,
    queryId: record.query_id,
    backendStart: record.backend_start,
    queryStart: record.query_start,
    xactStart: record.xact_start,
    stateChange: record.state_change,
    blockedBy: record.blocked_by,
    isPgwarden: record.is_pgwarden,
    userIsSuperuser: record.user_is_superuser,
    isProtected: false,
    team: null,
    queryAgeMs: queryIsRunning(record.state) ? age(takenAtMs, readTimestamp(record.query_start)) : null,
    xactAgeMs: age(takenAtMs, readTimestamp(record.xact_start)),
    backendAgeMs: age(takenAtMs, readTimestamp(record.backend_start)),
    stateAgeMs: age(takenAtMs, readTimestamp(record.state_change)),
  };
}

/**
 * The backend holding back vacuum the most (the vacuum horizon), in transactions; null when none holds one. pgwarden's
 * own connections are left out: the sampler's statement holds a snapshot while it reads.
 */
export function oldestXminOf(records: ActivityRecord[]): SessionsSnapshot['oldestXmin'] {
  let oldest: ActivityRecord | null = null;
  for (const record of records) {
    if (record.is_pgwarden || record.xmin_age === null) continue;
    if (oldest === null || record.xmin_age > (oldest.xmin_age ?? -1)) oldest = record;
  }
  return oldest ? { pid: oldest.pid, backendStart: oldest.backend_start, ageXids: oldest.xmin_age ?? 0 } : null;
}
