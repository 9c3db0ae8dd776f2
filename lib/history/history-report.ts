// Reads long-query history for a window: top owners, top fingerprints, a timeline and the runs with their endings.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import {
  presetIntervals,
  type HistoryReport,
  type HistoryView,
  type LongQueryEnd,
  type LongQueryRecord,
} from '@/lib/types/history';
import { buildTimeline, bucketsFor } from './timeline';

export const PAGE_RECORDS = 200;
export const TOP = 20;

// Times of the window come from the state database's clock, as the audit log's do.
const WINDOW_SQL = `
select coalesce($1::timestamptz, now() - $3::interval) as from_at, coalesce($2::timestamptz, now()) as to_at`;

// A run belongs to the window when it was running at some point inside it.
const OWNERS_SQL = `
select user_name, application, count(*)::int as queries, sum(longest_ms)::float8 as total_ms,
       max(longest_ms)::float8 as worst_ms
  from long_queries
 where cluster_id = $1 and last_seen >= $2 and query_start <= $3
 group by user_name, application
 order by total_ms desc, queries desc
 limit $4`;

const FINGERPRINTS_SQL = `
select fingerprint, max(query_id) as query_id, min(fingerprint_text) as text, count(*)::int as occurrences,
       sum(longest_ms)::float8 as total_ms, max(longest_ms)::float8 as worst_ms
  from long_queries
 where cluster_id = $1 and last_seen >= $2 and query_start <= $3
 group by fingerprint
 order by total_ms desc, occurrences desc
 limit $4`;

const TIMELINE_SQL = `
select least(width_bucket(extract(epoch from greatest(query_start, $2)), extract(epoch from $2::timestamptz),
             extract(epoch from $3::timestamptz), $4), $4)::int as bucket,
       user_name, application, count(*)::int as queries
  from long_queries
 where cluster_id = $1 and last_seen >= $2 and query_start <= $3
 group by 1, 2, 3`;

// The signals pgwarden sent a run: same backend, sent after the query started and before it was gone, with the
// query text it had then, and no later run of that backend started in between. A successful cancel or terminate
// is how it ended.
const RECORDS_SQL = `
select q.id::text as id, q.pid, q.backend_start, q.query_start, q.first_seen, q.last_seen, q.ended_at,
       q.longest_ms, q.user_name, q.database, q.application, q.client, q.query, q.query_id, q.fingerprint,
       coalesce(a.audit_ids, '{}') as audit_ids, a.ended_by, a.ended_by_audit_id,
       count(*) over ()::int as matched
  from long_queries q
  left join lateral (
    select array_agg(s.id::text order by s.at, s.id) as audit_ids,
           (array_agg(s.outcome order by s.at, s.id) filter (where s.outcome in ('terminated', 'cancelled')))[1] as ended_by,
           (array_agg(s.id::text order by s.at, s.id) filter (where s.outcome in ('terminated', 'cancelled')))[1] as ended_by_audit_id
      from audit_log s
     where s.cluster_id = q.cluster_id and s.target_pid = q.pid and s.target_backend_start = q.backend_start
       and s.at >= q.query_start and s.at <= q.last_seen + interval '1 minute'
       and (s.target_query is null or q.query is null or s.target_query = q.query)
       and not exists (select 1 from long_queries n
                        where n.cluster_id = q.cluster_id and n.pid = q.pid and n.backend_start = q.backend_start
                          and n.query_start > q.query_start and n.query_start <= s.at)
  ) a on true
 where q.cluster_id = $1 and q.last_seen >= $2 and q.query_start <= $3
 order by q.query_start desc, q.id desc
 limit $4`;

interface RecordRow {
  id: string;
  pid: number;
  backend_start: Date;
  query_start: Date;
  first_seen: Date;
  last_seen: Date;
  ended_at: Date | null;
  longest_ms: number;
  user_name: string | null;
  database: string | null;
  application: string | null;
  client: string | null;
  query: string | null;
  query_id: string | null;
  fingerprint: string;
  audit_ids: string[];
  ended_by: 'terminated' | 'cancelled' | null;
  ended_by_audit_id: string | null;
  matched: number;
}

function toRecord(row: RecordRow): LongQueryRecord {
  const ended: LongQueryEnd = row.ended_by ?? (row.ended_at ? 'finished' : 'running');
  return {
    id: row.id,
    pid: row.pid,
    backendStart: row.backend_start.toISOString(),
    queryStart: row.query_start.toISOString(),
    firstSeen: row.first_seen.toISOString(),
    lastSeen: row.last_seen.toISOString(),
    longestMs: row.longest_ms,
    user: row.user_name,
    database: row.database,
    application: row.application,
    client: row.client,
    query: row.query,
    queryId: row.query_id,
    fingerprint: row.fingerprint,
    team: null,
    ended,
    endedByAuditId: row.ended_by_audit_id,
    auditIds: row.audit_ids,
  };
}

export async function historyWindow(pool: pg.Pool, view: HistoryView): Promise<{ from: Date; to: Date }> {
  const custom = view.range === 'custom';
  const interval = view.range === 'custom' ? null : presetIntervals[view.range];
  const { rows } = await runQuery<{ from_at: Date; to_at: Date }>(pool, WINDOW_SQL, [
    custom ? view.from : null,
    custom ? view.to : null,
    interval,
  ]);
  return { from: rows[0]!.from_at, to: rows[0]!.to_at };
}

export async function listLongQueries(
  pool: pg.Pool,
  clusterId: string,
  window: { from: Date; to: Date },
  limit: number,
): Promise<{ records: LongQueryRecord[]; truncated: boolean }> {
  const { rows } = await runQuery<RecordRow>(pool, RECORDS_SQL, [clusterId, window.from, window.to, limit]);
  return { records: rows.map(toRecord), truncated: (rows[0]?.matched ?? 0) > rows.length };
}

export async function historyReport(pool: pg.Pool, clusterId: string, view: HistoryView): Promise<HistoryReport> {
  const window = await historyWindow(pool, view);
  const buckets = bucketsFor(window.to.getTime() - window.from.getTime());
  const range = [clusterId, window.from, window.to];
  const [owners, fingerprints, timeline, listed] = await Promise.all([
    runQuery<{
      user_name: string | null;
      application: string | null;
      queries: number;
      total_ms: number;
      worst_ms: number;
    }>(pool, OWNERS_SQL, [...range, TOP]),
    runQuery<{
      fingerprint: string;
      query_id: string | null;
      text: string | null;
      occurrences: number;
      total_ms: number;
      worst_ms: number;
    }>(pool, FINGERPRINTS_SQL, [...range, TOP]),
    runQuery<{ bucket: number; user_name: string | null; application: string | null; queries: number }>(
      pool,
      TIMELINE_SQL,
      [...range, buckets],
    ),
    listLongQueries(pool, clusterId, window, PAGE_RECORDS),
  ]);
  return {
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    owners: owners.rows.map((row) => ({
      user: row.user_name,
      application: row.application,
      queries: row.queries,
      totalMs: row.total_ms,
      worstMs: row.worst_ms,
    })),
    teams: [],
    fingerprints: fingerprints.rows.map((row) => ({
      fingerprint: row.fingerprint,
      queryId: row.query_id,
      text: row.text,
      occurrences: row.occurrences,
      totalMs: row.total_ms,
      worstMs: row.worst_ms,
    })),
    timeline: buildTimeline(
      timeline.rows.map((row) => ({
        bucket: row.bucket,
        user: row.user_name,
        application: row.application,
        queries: row.queries,
      })),
      window.from,
      window.to,
      buckets,
    ),
    records: listed.records,
    truncated: listed.truncated,
  };
}
