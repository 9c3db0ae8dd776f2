// Service tokens in the state database: created, found by their secret's hash on every call, listed, revoked.
// No cache: every call reads the row, so a revocation or an expiry counts at once on every pgwarden instance.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type { TokenGrant } from '@/lib/auth/roles';
import { parseDuration } from '@/lib/api/duration';
import type { TokenCreateInput, TokenRecord } from './token-schema';
import { generateSecret, hashSecret } from './token-secret';

const COLUMNS = `id::text, name, role, clusters, note, created_by, created_at, expires_at, last_used_at, revoked_at,
  revoked_by, case when revoked_at is not null then 'revoked' when expires_at <= now() then 'expired'
  else 'active' end as status`;

interface TokenRow {
  id: string;
  name: string;
  role: TokenRecord['role'];
  clusters: string[];
  note: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  status: TokenRecord['status'];
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function recordOf(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    clusters: row.clusters,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
    revokedBy: row.revoked_by,
    status: row.status,
  };
}

export class TokenNameTaken extends Error {}

/** Stores the token's hash and returns the secret, which is never stored nor shown again. */
export async function createToken(
  pool: pg.Pool,
  input: TokenCreateInput,
  createdBy: string,
): Promise<{ token: TokenRecord; secret: string }> {
  const secret = generateSecret();
  try {
    const { rows } = await runQuery<TokenRow>(
      pool,
      `insert into service_tokens (name, role, clusters, note, secret_hash, created_by, expires_at)
       values ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 millisecond')
       returning ${COLUMNS}`,
      [
        input.name,
        input.role,
        input.clusters,
        input.note || null,
        hashSecret(secret),
        createdBy,
        parseDuration(input.expiresIn),
      ],
    );
    return { token: recordOf(rows[0]!), secret };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new TokenNameTaken(input.name);
    throw error;
  }
}

/** The live token a secret belongs to, or null; marks it used (at most every few seconds, to spare writes). */
export async function authenticateToken(pool: pg.Pool, secret: string): Promise<TokenGrant | null> {
  const { rows } = await runQuery<{
    id: string;
    name: string;
    role: TokenGrant['role'];
    clusters: string[];
    created_by: string;
  }>(
    pool,
    `with hit as (
       select id, name, role, clusters, created_by from service_tokens
        where secret_hash = $1 and revoked_at is null and expires_at > now()
     ), touched as (
       update service_tokens t set last_used_at = now() from hit
        where t.id = hit.id and (t.last_used_at is null or t.last_used_at < now() - interval '5 seconds')
     )
     select id::text, name, role, clusters, created_by from hit`,
    [hashSecret(secret)],
  );
  const row = rows[0];
  return row ? { id: row.id, name: row.name, role: row.role, clusters: row.clusters, createdBy: row.created_by } : null;
}

/** Why a secret was not accepted; a revoked or expired token is named, so its late callers can be audited. */
export type RefusedToken = { why: 'unknown' } | { why: 'expired' | 'revoked'; name: string; createdBy: string };

/** Only asked after authenticateToken said no. */
export async function tokenRefusal(pool: pg.Pool, secret: string): Promise<RefusedToken> {
  const { rows } = await runQuery<TokenRow>(pool, `select ${COLUMNS} from service_tokens where secret_hash = $1`, [
    hashSecret(secret),
  ]);
  const row = rows[0];
  return row && (row.status === 'expired' || row.status === 'revoked')
    ? { why: row.status, name: row.name, createdBy: row.created_by }
    : { why: 'unknown' };
}

export async function listTokens(pool: pg.Pool): Promise<TokenRecord[]> {
  const { rows } = await runQuery<TokenRow>(
    pool,
    `select ${COLUMNS} from service_tokens order by revoked_at is not null, created_at desc, id desc limit 1000`,
  );
  return rows.map(recordOf);
}

export async function findActiveToken(pool: pg.Pool, name: string): Promise<TokenRecord | null> {
  const { rows } = await runQuery<TokenRow>(
    pool,
    `select ${COLUMNS} from service_tokens where name = $1 and revoked_at is null`,
    [name],
  );
  return rows[0] ? recordOf(rows[0]) : null;
}

/** Revokes the token of that name that is not yet revoked; null when there is none. */
export async function revokeToken(pool: pg.Pool, name: string, revokedBy: string): Promise<TokenRecord | null> {
  const { rows } = await runQuery<TokenRow>(
    pool,
    `update service_tokens set revoked_at = now(), revoked_by = $2 where name = $1 and revoked_at is null
     returning ${COLUMNS}`,
    [name, revokedBy],
  );
  return rows[0] ? recordOf(rows[0]) : null;
}
