// Who is calling: a bearer token (service tokens, for scripts and the CLI) or the next-auth session cookie (people).
// Roles are never trusted from the cookie but looked up; a token's role and clusters come from its row.
import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { withCookieSecurity } from '@/lib/auth/cookie-security';
import { authOptions } from '@/lib/auth/options';
import type { Identity } from '@/lib/auth/roles';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';
import { authenticateToken, tokenRefusal, type RefusedToken } from '@/lib/tokens/token-store';
import { apiCallScope } from './api-call-scope';

interface PgwardenSession {
  user?: { email?: string | null; name?: string | null };
  groups?: string[];
  provider?: string;
}

/**
 * The secret of an `Authorization: Bearer` header; '' for an Authorization header of another shape; undefined
 * without one. A token is read from this header only, never from a cookie, so browsers cannot send it by themselves.
 */
async function bearerSecret(): Promise<string | undefined> {
  const authorization = (await headers()).get('authorization');
  if (authorization === null) return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? '';
}

async function tokenIdentity(secret: string): Promise<Identity | null> {
  if (!secret) return null;
  try {
    const grant = await authenticateToken(await statePool(), secret);
    if (!grant) return null;
    return { email: `token:${grant.name}`, name: null, groups: [], provider: 'token', token: grant };
  } catch (error) {
    log.warn({ event: 'token_lookup_failed', error: describePgError(error) }, 'service token lookup failed');
    return null;
  }
}

async function cookieIdentity(): Promise<Identity | null> {
  const session = (await getServerSession(
    withCookieSecurity(authOptions(), await headers()),
  )) as PgwardenSession | null;
  const email = session?.user?.email;
  if (!email) return null;
  return {
    email,
    name: session.user?.name ?? null,
    groups: session.groups ?? [],
    provider: session.provider ?? 'unknown',
  };
}

/** A request with an Authorization header is judged by it alone: a bad token never falls back to the cookie. */
async function readIdentity(): Promise<Identity | null> {
  const secret = await bearerSecret();
  return secret === undefined ? cookieIdentity() : tokenIdentity(secret);
}

/** Read once per /api/v1 call (the route's steps and its audit row share it), on every call elsewhere. */
export async function currentIdentity(): Promise<Identity | null> {
  const scope = apiCallScope();
  if (!scope) return readIdentity();
  scope.identity ??= readIdentity();
  return scope.identity;
}

/** How the identity was proven; checks meant for browsers (Origin) apply to cookies only. */
export function authenticatedBy(identity: Identity): 'cookie' | 'token' {
  return identity.token ? 'token' : 'cookie';
}

async function refusedToken(secret: string): Promise<RefusedToken> {
  const scope = apiCallScope();
  const ask = async () => tokenRefusal(await statePool(), secret);
  if (!scope) return ask();
  scope.refusedToken ??= ask();
  return scope.refusedToken;
}

/** What to tell a caller currentIdentity() returned null for. */
export async function unauthenticatedMessage(): Promise<string> {
  const secret = await bearerSecret();
  if (secret === undefined) return 'You are not signed in, or your session expired. Sign in again.';
  if (!secret) return 'The Authorization header must be "Bearer <token>". Create a token on the Tokens page.';
  try {
    const { why } = await refusedToken(secret);
    if (why === 'expired') return 'This service token has expired. Ask an admin for a new one (Tokens page).';
    if (why === 'revoked') return 'This service token was revoked. Ask an admin for a new one (Tokens page).';
    return 'This service token is not known to pgwarden. Check PGWARDEN_TOKEN, or ask an admin for a new one.';
  } catch (error) {
    return `Service tokens cannot be checked: pgwarden's state database is unavailable (${describePgError(error)}). Try again later.`;
  }
}

/**
 * Who made a call with an Authorization header, as the audit log names them: the token, or the revoked or expired
 * token that was presented (token:<name>, with its creator, and no role); null for an unknown or malformed one.
 */
export async function bearerCaller(): Promise<{ identity: Identity; creator: string; accepted: boolean } | null> {
  const identity = await currentIdentity();
  if (identity?.token) return { identity, creator: identity.token.createdBy, accepted: true };
  const secret = await bearerSecret();
  if (!secret) return null;
  try {
    const refused = await refusedToken(secret);
    if (refused.why === 'unknown') return null;
    return {
      identity: { email: `token:${refused.name}`, name: null, groups: [], provider: 'token' },
      creator: refused.createdBy,
      accepted: false,
    };
  } catch {
    return null;
  }
}
