// The audit log: every signal attempt is written before it is sent, and its outcome after.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Identity } from '@/lib/auth/roles';
import type { RoleName } from '@/lib/config/schema';
import type { SignalTarget } from '@/lib/signals/target-lookup';
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';

export interface AuditActor {
  identity: Identity;
  role: RoleName | null;
}

export interface AuditIntent {
  target: Pick<SignalTarget, 'pid' | 'requestedBackendStart'> & Partial<SignalTarget>;
  /** Set for targets refused before any signal; written as the outcome at once. */
  outcome?: { outcome: SignalOutcome; message: string };
}

const INSERT_SQL = `
insert into audit_log (batch_id, actor_email, actor_name, actor_role, actor_provider, cluster_id, action, timeout_ms,
  target_pid, target_backend_start, target_user, target_database, target_application, target_client, target_state,
  target_backend_type, target_query, query_age_ms, xact_age_ms, backend_age_ms, state_age_ms, outcome, outcome_detail,
  finished_at, actor_token_creator)
select $1, $2, $3, $4, $5, $6, $7, $8,
       t.pid, t.backend_start, t.user_name, t.database, t.application, t.client, t.state, t.backend_type, t.query,
       t.query_age_ms, t.xact_age_ms, t.backend_age_ms, t.state_age_ms, coalesce(t.outcome, 'pending'), t.detail,
       case when t.outcome is not null then now() end, $10
  from json_to_recordset($9::json) as t(pid int, backend_start timestamptz, user_name text, database text,
       application text, client text, state text, backend_type text, query text, query_age_ms float8,
       xact_age_ms float8, backend_age_ms float8, state_age_ms float8, outcome text, detail text, ord int)
 order by t.ord
returning id::text, target_pid`;

/** Writes one row per target in one statement; the caller sends no signal unless this succeeds. */
export async function recordAttempt(
  pool: pg.Pool,
  actor: AuditActor,
  clusterId: string,
  action: SignalAction,
  timeoutMs: number | null,
  intents: AuditIntent[],
): Promise<Map<number, string>> {
  const records = intents.map(({ target, outcome }, ord) => ({
    ord,
    pid: target.pid,
    backend_start: target.requestedBackendStart,
    user_name: target.user ?? null,
    database: target.database ?? null,
    application: target.applicationName ?? null,
    client: target.clientAddr ?? null,
    state: target.state ?? null,
    backend_type: target.backendType ?? null,
    query: target.query ?? null,
    query_age_ms: target.queryAgeMs ?? null,
    xact_age_ms: target.xactAgeMs ?? null,
    backend_age_ms: target.backendAgeMs ?? null,
    state_age_ms: target.stateAgeMs ?? null,
    outcome: outcome?.outcome ?? null,
    detail: outcome?.message ?? null,
  }));
  const { rows } = await pool.query<{ id: string; target_pid: number }>(INSERT_SQL, [
    randomUUID(),
    actor.identity.email,
    actor.identity.name,
    actor.role,
    actor.identity.provider,
    clusterId,
    action,
    timeoutMs,
    JSON.stringify(records),
    actor.identity.token?.createdBy ?? null,
  ]);
  return new Map(rows.map((row) => [row.target_pid, row.id]));
}

const OUTCOME_SQL = `
update audit_log a set outcome = o.outcome, outcome_detail = o.detail, finished_at = now()
  from json_to_recordset($1::json) as o(id bigint, outcome text, detail text)
 where a.id = o.id`;

export async function recordOutcomes(
  pool: pg.Pool,
  outcomes: { auditId: string; outcome: SignalOutcome; message: string }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await pool.query(OUTCOME_SQL, [
    JSON.stringify(outcomes.map((item) => ({ id: item.auditId, outcome: item.outcome, detail: item.message }))),
  ]);
}
