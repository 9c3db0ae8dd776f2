// The long_queries table: one row per (cluster, pid, backend_start, query_start), safe for several writers at once.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type { SessionRow } from '@/lib/types/session';
import { fingerprintOf } from './fingerprint';

// greatest()/least() make the upsert commutative: writers may apply samples in any order, the row converges.
const UPSERT_SQL = `
insert into long_queries as q (cluster_id, pid, backend_start, query_start, first_seen, last_seen, longest_ms,
  user_name, database, application, client, query, query_id, fingerprint, fingerprint_text)
select $1, r.pid, r.backend_start, r.query_start, r.seen_at, r.seen_at, r.duration_ms,
       r.user_name, r.database, r.application, r.client, r.query, r.query_id, r.fingerprint, r.fingerprint_text
  from json_to_recordset($2::json) as r(pid int, backend_start timestamptz, query_start timestamptz,
       seen_at timestamptz, duration_ms float8, user_name text, database text, application text, client text,
       query text, query_id text, fingerprint text, fingerprint_text text)
 order by r.pid, r.backend_start, r.query_start
on conflict (cluster_id, pid, backend_start, query_start) do update
   set first_seen = least(q.first_seen, excluded.first_seen),
       last_seen = greatest(q.last_seen, excluded.last_seen),
       longest_ms = greatest(q.longest_ms, excluded.longest_ms),
       ended_at = case when q.ended_at is not null then greatest(q.ended_at, excluded.last_seen) end`;

// A run not in a sample taken after it was last seen has ended; it ended after last_seen, before that sample.
// Runs still going ($3) are written only now and then, so an old last_seen alone does not mean the run ended.
const MARK_ENDED_SQL = `
update long_queries q set ended_at = last_seen
 where cluster_id = $1 and ended_at is null and last_seen < $2::timestamptz
   and not exists (select 1 from json_to_recordset($3::json) as r(pid int, backend_start timestamptz,
                   query_start timestamptz)
                    where r.pid = q.pid and r.backend_start = q.backend_start and r.query_start = q.query_start)`;

const DELETE_EXPIRED_SQL = `delete from long_queries where last_seen < now() - make_interval(days => $1)`;

/** Sessions whose current query has run longer than the threshold: client backends, not pgwarden's, visible. */
export function longRunning(sessions: SessionRow[], thresholdSeconds: number): SessionRow[] {
  return sessions.filter(
    (row) =>
      row.backendType === 'client backend' &&
      !row.isPgwarden &&
      row.leaderPid === null &&
      row.backendStart !== null &&
      row.queryStart !== null &&
      row.queryAgeMs !== null &&
      row.queryAgeMs > thresholdSeconds * 1000,
  );
}

/** A long run as last seen: the row, and the sample (database clock) it was seen in. */
export interface SeenRun {
  row: SessionRow;
  seenAt: string;
}

/** The identity of a run in the store: one query of one backend. */
export const runKey = (row: SessionRow) => `${row.pid}|${row.backendStart}|${row.queryStart}`;

const runIdentity = (row: SessionRow) => ({
  pid: row.pid,
  backend_start: row.backendStart,
  query_start: row.queryStart,
});

/** Writes runs as seen; a run written again only moves forward (last_seen, longest_ms). */
export async function upsertRuns(pool: pg.Pool, clusterId: string, runs: SeenRun[]): Promise<void> {
  if (runs.length === 0) return;
  const records = runs.map(({ row, seenAt }) => {
    const { fingerprint, text } = fingerprintOf(row.queryId, row.query);
    return {
      ...runIdentity(row),
      seen_at: seenAt,
      duration_ms: row.queryAgeMs,
      user_name: row.user,
      database: row.database,
      application: row.applicationName,
      client: row.clientAddr,
      query: row.query,
      query_id: row.queryId,
      fingerprint,
      fingerprint_text: text,
    };
  });
  await runQuery(pool, UPSERT_SQL, [clusterId, JSON.stringify(records)]);
}

/** Ends every open run of the cluster that is not among `running` in the sample taken at `takenAt`. */
export async function markEnded(pool: pg.Pool, clusterId: string, takenAt: string, running: SessionRow[]) {
  await runQuery(pool, MARK_ENDED_SQL, [clusterId, takenAt, JSON.stringify(running.map(runIdentity))]);
}

/** Records one whole sample, taken at `takenAt` by the monitored cluster's clock. */
export async function recordSample(
  pool: pg.Pool,
  clusterId: string,
  takenAt: string,
  long: SessionRow[],
): Promise<void> {
  await upsertRuns(
    pool,
    clusterId,
    long.map((row) => ({ row, seenAt: takenAt })),
  );
  await markEnded(pool, clusterId, takenAt, long);
}

/** Deletes runs last seen more than `retentionDays` ago, for every cluster; returns how many. */
export async function deleteExpiredHistory(pool: pg.Pool, retentionDays: number): Promise<number> {
  const { rowCount } = await runQuery(pool, DELETE_EXPIRED_SQL, [retentionDays]);
  return rowCount ?? 0;
}
