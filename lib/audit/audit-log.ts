// The audit log: every signal attempt is written before it is sent, and its outcome after; other audited actions
// (recordAuditEvent) are one row each.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type { Identity } from '@/lib/auth/roles';
import type { RoleName } from '@/lib/config/schema';
import type { SignalTarget } from '@/lib/signals/target-lookup';
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';
import type { AuditDetail, AuditEventAction, AuditEventOutcome } from '@/lib/types/audit';
import { clip, MAX_STORED_EMAIL, MAX_STORED_MESSAGE, MAX_STORED_NAME } from './stored-text';

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
    detail: clip(outcome?.message ?? null, MAX_STORED_MESSAGE),
  }));
  const { rows } = await runQuery<{ id: string; target_pid: number }>(pool, INSERT_SQL, [
    randomUUID(),
    clip(actor.identity.email, MAX_STORED_EMAIL),
    clip(actor.identity.name, MAX_STORED_NAME),
    actor.role,
    clip(actor.identity.provider, MAX_STORED_NAME),
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
  await runQuery(pool, OUTCOME_SQL, [
    JSON.stringify(outcomes.map((item) => ({ id: item.auditId, outcome: item.outcome, detail: item.message }))),
  ]);
}

/** A whole request refused before any target was looked up; what was asked is summarised, never copied whole. */
export interface AuditRefusal {
  /** Null when the caller is not signed in (or the session could not be read). */
  actor: AuditActor | null;
  clientAddress: string | null;
  /** Only a configured cluster's id; null when the request named none. */
  clusterId: string | null;
  action: SignalAction | null;
  timeoutMs: number | null;
  targetCount: number;
  /** The first targets as sent, already cut to size by lib/audit/refusal-summary.ts. */
  sample: { pid: number | null; backendStart: string | null }[];
  outcome: 'refused' | 'failed';
  message: string;
}

const REFUSAL_SQL = `
insert into audit_log (batch_id, actor_email, actor_name, actor_role, actor_provider, client_address, cluster_id,
  action, timeout_ms, target_pid, target_backend_start, target_count, target_sample, outcome, outcome_detail,
  finished_at, actor_token_creator)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12, $13::jsonb, $14, $15, now(), $16)
returning id::text`;

/** Writes exactly one row for a refused request, however many targets it named; returns its id. */
export async function recordRefusal(pool: pg.Pool, refusal: AuditRefusal): Promise<string> {
  const single = refusal.targetCount === 1 ? refusal.sample[0] : undefined;
  const { rows } = await runQuery<{ id: string }>(pool, REFUSAL_SQL, [
    randomUUID(),
    clip(refusal.actor?.identity.email ?? null, MAX_STORED_EMAIL),
    clip(refusal.actor?.identity.name ?? null, MAX_STORED_NAME),
    refusal.actor?.role ?? null,
    clip(refusal.actor?.identity.provider ?? null, MAX_STORED_NAME),
    clip(refusal.clientAddress, MAX_STORED_NAME),
    refusal.clusterId,
    refusal.action,
    refusal.timeoutMs,
    single?.pid ?? null,
    single?.backendStart ?? null,
    refusal.targetCount,
    JSON.stringify(refusal.sample),
    refusal.outcome,
    clip(refusal.message, MAX_STORED_MESSAGE),
    clip(refusal.actor?.identity.token?.createdBy ?? null, MAX_STORED_EMAIL),
  ]);
  return rows[0]!.id;
}

/** An audited action that is not a signal (see auditEventActions), optionally about one session. */
export interface AuditEvent {
  /** Null when the caller is not signed in. */
  actor: AuditActor | null;
  clusterId: string | null;
  action: AuditEventAction;
  outcome: AuditEventOutcome;
  /** Short, flat facts; each text is cut to the stored message length. */
  detail: AuditDetail;
  message?: string | null;
  clientAddress?: string | null;
  /** The session the action concerns, as far as known. */
  target?: Partial<Pick<SignalTarget, AuditedSessionField>> & { pid: number; backendStart?: string | null };
  /** Several sessions (a dry run): how many and the first of them. */
  targets?: { count: number; sample: { pid: number | null; backendStart: string | null }[] };
}

type AuditedSessionField =
  | 'user'
  | 'database'
  | 'applicationName'
  | 'clientAddr'
  | 'state'
  | 'backendType'
  | 'query'
  | 'queryAgeMs'
  | 'xactAgeMs'
  | 'backendAgeMs'
  | 'stateAgeMs';

const EVENT_SQL = `
insert into audit_log (batch_id, actor_email, actor_name, actor_role, actor_provider, client_address, cluster_id,
  action, outcome, outcome_detail, finished_at, actor_token_creator, detail, target_pid, target_backend_start,
  target_user, target_database, target_application, target_client, target_state, target_backend_type, target_query,
  query_age_ms, xact_age_ms, backend_age_ms, state_age_ms, target_count, target_sample)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), $11, $12::jsonb, $13, $14::timestamptz, $15, $16, $17, $18,
  $19, $20, $21, $22, $23, $24, $25, $26, $27::jsonb)
returning id::text`;

function clipDetail(detail: AuditDetail): AuditDetail {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key,
      typeof value === 'string'
        ? clip(value, MAX_STORED_MESSAGE)
        : Array.isArray(value)
          ? value.slice(0, 50).map((item) => clip(item, MAX_STORED_NAME) ?? '')
          : value,
    ]),
  );
}

/** Writes one row for an action that is not a signal; returns its id. */
export async function recordAuditEvent(pool: pg.Pool, event: AuditEvent): Promise<string> {
  const target = event.target;
  const { rows } = await runQuery<{ id: string }>(pool, EVENT_SQL, [
    randomUUID(),
    clip(event.actor?.identity.email ?? null, MAX_STORED_EMAIL),
    clip(event.actor?.identity.name ?? null, MAX_STORED_NAME),
    event.actor?.role ?? null,
    clip(event.actor?.identity.provider ?? null, MAX_STORED_NAME),
    clip(event.clientAddress ?? null, MAX_STORED_NAME),
    event.clusterId,
    event.action,
    event.outcome,
    clip(event.message ?? null, MAX_STORED_MESSAGE),
    clip(event.actor?.identity.token?.createdBy ?? null, MAX_STORED_EMAIL),
    JSON.stringify(clipDetail(event.detail)),
    target?.pid ?? null,
    target?.backendStart ?? null,
    clip(target?.user ?? null, MAX_STORED_NAME),
    clip(target?.database ?? null, MAX_STORED_NAME),
    clip(target?.applicationName ?? null, MAX_STORED_NAME),
    clip(target?.clientAddr ?? null, MAX_STORED_NAME),
    target?.state ?? null,
    target?.backendType ?? null,
    target?.query ?? null,
    target?.queryAgeMs ?? null,
    target?.xactAgeMs ?? null,
    target?.backendAgeMs ?? null,
    target?.stateAgeMs ?? null,
    event.targets?.count ?? null,
    event.targets ? JSON.stringify(event.targets.sample.slice(0, 10)) : null,
  ]);
  return rows[0]!.id;
}
