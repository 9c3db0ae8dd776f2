// Reading the audit log: one static, parameterised statement for every filter combination, newest first.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import { withUtcOffset, type AuditEntry, type AuditFilter, type AuditPage, type AuditRange } from '@/lib/types/audit';

export interface AuditQuery extends Omit<AuditFilter, 'cluster'> {
  /** The clusters the caller may see (already narrowed to the cluster filter); an empty list matches nothing. */
  clusters: string[];
  /** Keyset cursor: only entries with a smaller id. */
  before?: string;
  /** Also the refused requests that named no configured cluster (shown to admins). */
  unscoped?: boolean;
}

const intervals: Record<AuditRange, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };

const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Each optional filter is "$n is null or ...": unnamed statements are planned with the values, so unset ones vanish.
const WHERE = `
 where (cluster_id = any($1::text[]) or ($13::boolean and cluster_id is null))
   and ($2::bigint is null or id = $2::bigint)
   and ($3::bigint is null or id < $3::bigint)
   and ($4::interval is null or at >= now() - $4::interval)
   and ($5::timestamptz is null or at >= $5::timestamptz)
   and ($6::timestamptz is null or at < $6::timestamptz)
   and ($7::text is null or strpos(lower(actor_email), lower($7::text)) > 0)
   and ($8::text is null or target_user = $8::text)
   and ($9::text is null or target_application = $9::text)
   and ($10::text is null or outcome = $10::text)
   and ($11::text is null or action = $11::text)`;

const LIST_SQL = `
select id::text as "id", ${utc('at')} as "at", batch_id::text as "batchId",
       actor_email as "actorEmail", actor_name as "actorName", actor_role as "actorRole",
       actor_provider as "actorProvider", cluster_id as "clusterId", action, timeout_ms as "timeoutMs",
       target_pid as "targetPid", ${utc('target_backend_start')} as "targetBackendStart",
       target_user as "targetUser", target_database as "targetDatabase", target_application as "targetApplication",
       target_client as "targetClient", target_state as "targetState", target_backend_type as "targetBackendType",
       target_query as "targetQuery", query_age_ms as "queryAgeMs", xact_age_ms as "xactAgeMs",
       backend_age_ms as "backendAgeMs", state_age_ms as "stateAgeMs", outcome, outcome_detail as "outcomeDetail",
       ${utc('finished_at')} as "finishedAt", client_address as "clientAddress", target_count as "targetCount",
       target_sample as "targetSample", actor_token_creator as "actorTokenCreator", detail
  from audit_log ${WHERE}
 order by audit_log.id desc -- the column: a bare "id" would name the text alias above and sort 99 before 250
 limit $12`;

const COUNT_SQL = `select count(*)::int as count from (select 1 from audit_log ${WHERE} limit $12) as capped`;

function values(query: AuditQuery, limit: number): unknown[] {
  return [
    query.clusters,
    query.id ?? null,
    query.before ?? null,
    query.range ? intervals[query.range] : null,
    query.from ? withUtcOffset(query.from) : null,
    query.to ? withUtcOffset(query.to) : null,
    query.actor ?? null,
    query.user ?? null,
    query.application ?? null,
    query.outcome ?? null,
    query.action ?? null,
    limit,
    query.unscoped ?? false,
  ];
}

/** One page, newest first; reads one row more than asked to know whether another page follows. */
export async function listAuditEntries(pool: pg.Pool, query: AuditQuery, limit: number): Promise<AuditPage> {
  const { rows } = await runQuery<AuditEntry>(pool, LIST_SQL, values(query, limit + 1));
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? (entries.at(-1)?.id ?? null) : null };
}

/** How many entries match, counting no further than `cap`. */
export async function countAuditEntries(pool: pg.Pool, query: AuditQuery, cap: number): Promise<number> {
  const { rows } = await runQuery<{ count: number }>(pool, COUNT_SQL, values(query, cap));
  return rows[0]?.count ?? 0;
}
