// Evidence read in the state database: the audit rows a call left, and a fresh signed-in caller for a spec of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { cookieHeader } from './direct-terminate';
import { mintSessionToken } from './session-cookie';

export interface AuditRowEvidence {
  id: string;
  actor_email: string | null;
  cluster_id: string | null;
  action: string | null;
  target_pid: number | null;
  target_count: number | null;
  target_sample: { pid: number | null; backendStart: string | null }[] | null;
  outcome: string;
  outcome_detail: string | null;
}

/** Audit rows of `actorEmail` (null: callers not signed in) with an id above `afterId`, oldest first. */
export async function auditRowsSince(
  stateDatabaseUrl: string,
  actorEmail: string | null,
  afterId: string,
): Promise<AuditRowEvidence[]> {
  const client = new pg.Client({ connectionString: stateDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<AuditRowEvidence>(
      `select id::text, actor_email, cluster_id, action, target_pid, target_count, target_sample, outcome,
              outcome_detail
         from audit_log where id > $1::bigint and actor_email is not distinct from $2 order by id`,
      [afterId, actorEmail],
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** The newest audit row id, to count what a call adds after it. */
export async function lastAuditId(stateDatabaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: stateDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('select coalesce(max(id), 0)::text as id from audit_log');
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

/**
 * A session cookie, signed with the app's secret as sign-in would, for a new person in an OIDC group of the e2e
 * config ("dba": operator on main, "leads": viewer on main), so refusal counts of other specs never mix in.
 */
export async function freshCaller(
  authSecret: string,
  group: 'dba' | 'leads',
): Promise<{ email: string; headers: { Cookie: string } }> {
  const email = `${group}-${randomBytes(4).toString('hex')}@e2e.test`;
  const token = await mintSessionToken(authSecret, { email, groups: [group], provider: 'oidc' }, 3600);
  return { email, headers: cookieHeader(token) };
}

export interface AuditEventEvidence {
  actor_email: string | null;
  actor_role: string | null;
  actor_provider: string | null;
  actor_token_creator: string | null;
  cluster_id: string | null;
  action: string | null;
  target_pid: number | null;
  target_count: number | null;
  target_sample: { pid: number | null; backendStart: string | null }[] | null;
  outcome: string;
  outcome_detail: string | null;
  detail: Record<string, unknown> | null;
}

/** Audit rows of `actorEmail` with an id above `afterId`, oldest first, with the columns of non-signal events. */
export async function auditEventsSince(
  stateDatabaseUrl: string,
  actorEmail: string | null,
  afterId: string,
): Promise<AuditEventEvidence[]> {
  const client = new pg.Client({ connectionString: stateDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<AuditEventEvidence>(
      `select actor_email, actor_role, actor_provider, actor_token_creator, cluster_id, action, target_pid,
              target_count, target_sample, outcome, outcome_detail, detail
         from audit_log where id > $1::bigint and actor_email is not distinct from $2 order by id`,
      [afterId, actorEmail],
    );
    return rows;
  } finally {
    await client.end();
  }
}
