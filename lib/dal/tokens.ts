// Service tokens for admins: create (the secret is shown once), list and revoke, for the Tokens page, API and CLI.
import 'server-only';
import type pg from 'pg';
import { z } from 'zod';
import { redirect } from 'next/navigation';
import { roleFor, visibleClusters, type Identity } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import type { PgwardenConfig } from '@/lib/config/schema';
import { recordAuditEvent } from '@/lib/audit/audit-log';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';
import { tokenCreateSchema, tokenNameSchema, type TokenRecord } from '@/lib/tokens/token-schema';
import { createToken, findActiveToken, listTokens, revokeToken, TokenNameTaken } from '@/lib/tokens/token-store';
import { failure, type Failure, type Result } from '@/lib/types/result';
import { markAudited } from './api-call-scope';
import { guardStats, identifyAndParse } from './guard';
import { requireIdentity, type PageAccess } from './page-access';

/** The clusters a token may cover that this identity administers; '*' only for an admin of every cluster. */
function administers(config: PgwardenConfig, identity: Identity, clusters: string[]): boolean {
  const ids = clusters.includes('*') ? config.clusters.map((cluster) => cluster.id) : clusters;
  return ids.length > 0 && ids.every((id) => roleFor(config, identity, id) === 'admin');
}

/**
 * The audit row of a token created or revoked, written after the change: the token's own row already holds who made
 * or revoked it and when, so a failed write is logged rather than undoing the change (and losing a secret shown once,
 * or keeping alive a token an admin meant to stop).
 */
async function auditTokenChange(
  pool: pg.Pool,
  identity: Identity,
  action: 'token_create' | 'token_revoke',
  token: TokenRecord,
): Promise<void> {
  try {
    await recordAuditEvent(pool, {
      actor: { identity, role: 'admin' },
      clusterId: null,
      action,
      detail: {
        name: token.name,
        role: token.role,
        clusters: token.clusters,
        expiresAt: token.expiresAt,
        ...(token.note ? { note: token.note } : {}),
      },
      outcome: 'done',
    });
    markAudited();
  } catch (error) {
    log.warn(
      {
        event: 'audit_event_not_written',
        actor: identity.email,
        action,
        name: token.name,
        reason: describePgError(error),
      },
      'token change not audited',
    );
  }
}

async function adminStep<S extends z.ZodType>(
  schema: S,
  input: unknown,
): Promise<{ ok: true; identity: Identity; parsed: z.infer<S>; config: PgwardenConfig; pool: pg.Pool } | Failure> {
  const known = await identifyAndParse(schema, input);
  if (!known.ok) {
    guardStats.refused++;
    return known.failure;
  }
  const config = getConfig();
  if (!config.clusters.some((cluster) => roleFor(config, known.identity, cluster.id) === 'admin')) {
    guardStats.refused++;
    return failure(
      'forbidden',
      `Service tokens are managed by admins; ${known.identity.email} is admin of no cluster.`,
    );
  }
  guardStats.admitted++;
  try {
    return { ok: true, identity: known.identity, parsed: known.parsed, config, pool: await statePool() };
  } catch (error) {
    return failure('unavailable', `Service tokens need pgwarden's state database: ${describePgError(error)}.`);
  }
}

export async function createServiceToken(input: unknown): Promise<Result<{ token: TokenRecord; secret: string }>> {
  const step = await adminStep(tokenCreateSchema, input);
  if (!step.ok) return step;
  const { identity, parsed, config, pool } = step;
  const unknown = parsed.clusters.filter((id) => id !== '*' && !config.clusters.some((cluster) => cluster.id === id));
  if (unknown.length > 0) {
    return failure(
      'invalid_input',
      `Invalid request: clusters ${unknown.join(', ')} are not in pgwarden's configuration.`,
    );
  }
  if (!administers(config, identity, parsed.clusters)) {
    return failure(
      'forbidden',
      `A token may only cover clusters you are admin of; ${identity.email} is not admin of all of ${parsed.clusters.join(', ')}.`,
    );
  }
  try {
    const created = await createToken(pool, parsed, identity.email);
    await auditTokenChange(pool, identity, 'token_create', created.token);
    log.info(
      {
        event: 'token_created',
        actor: identity.email,
        name: parsed.name,
        role: parsed.role,
        clusters: parsed.clusters,
      },
      'service token created',
    );
    return { ok: true, data: created };
  } catch (error) {
    if (error instanceof TokenNameTaken) {
      return failure(
        'conflict',
        `A token named "${parsed.name}" exists already; revoke it first or pick another name.`,
      );
    }
    return failure('unavailable', `The token was not created: ${describePgError(error)}. Try again.`);
  }
}

/** Tokens whose clusters the caller administers (all of them), newest first, revoked ones last. */
export async function listServiceTokens(): Promise<Result<TokenRecord[]>> {
  const step = await adminStep(z.unknown(), undefined);
  if (!step.ok) return step;
  try {
    const tokens = await listTokens(step.pool);
    return { ok: true, data: tokens.filter((token) => administers(step.config, step.identity, token.clusters)) };
  } catch (error) {
    return failure('unavailable', `Tokens cannot be read: ${describePgError(error)}. Try again.`);
  }
}

export async function revokeServiceToken(input: unknown): Promise<Result<TokenRecord>> {
  const step = await adminStep(z.object({ name: tokenNameSchema }), input);
  if (!step.ok) return step;
  const { identity, parsed, config, pool } = step;
  try {
    const active = await findActiveToken(pool, parsed.name);
    if (!active || !administers(config, identity, active.clusters)) {
      return failure('not_found', `There is no active token named "${parsed.name}" that you administer.`);
    }
    const revoked = await revokeToken(pool, parsed.name, identity.email);
    if (!revoked) return failure('not_found', `The token "${parsed.name}" was revoked meanwhile.`);
    await auditTokenChange(pool, identity, 'token_revoke', revoked);
    log.info({ event: 'token_revoked', actor: identity.email, name: parsed.name }, 'service token revoked');
    return { ok: true, data: revoked };
  } catch (error) {
    return failure('unavailable', `The token was not revoked: ${describePgError(error)}. Try again.`);
  }
}

/** For the Tokens page: signed in (else to sign-in and back) and admin of some cluster (else /denied). */
export async function requireTokensPage(): Promise<PageAccess & { adminClusters: string[] }> {
  const identity = await requireIdentity('/tokens');
  const config = getConfig();
  const admin = config.clusters.filter((cluster) => roleFor(config, identity, cluster.id) === 'admin');
  if (admin.length === 0) redirect('/denied');
  return {
    identity,
    role: 'admin',
    cluster: admin[0]!,
    clusters: visibleClusters(config, identity).map((cluster) => ({
      id: cluster.id,
      name: cluster.name ?? cluster.id,
    })),
    adminClusters: admin.map((cluster) => cluster.id),
  };
}
