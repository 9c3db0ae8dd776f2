// Idempotency-Key for API POSTs: the first answer is kept in the state database, keyed by (caller, key), and a retry
// with the same key and body gets it back instead of acting again, on any pgwarden instance.
import 'server-only';
import { createHash } from 'node:crypto';
import type { Identity } from '@/lib/auth/roles';
import { describePgError } from '@/lib/pg/errors';
import { runQuery } from '@/lib/pg/query';
import { statePool } from '@/lib/state/state-db';
import { failure, type Failure } from '@/lib/types/result';
import { currentIdentity } from './caller';

export interface Answer {
  status: number;
  body: unknown;
}

/** Kept for a day: long enough for any retry loop, short enough that the table stays small. */
const KEPT_FOR = '24 hours';
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

function principalOf(identity: Identity): string {
  return identity.token ? `token:${identity.token.id}` : `user:${identity.email}`;
}

const hashOf = (request: unknown) => createHash('sha256').update(JSON.stringify(request)).digest('hex');

/**
 * Runs `act` once per (caller, key). A retry of a finished request returns its answer (`replayed`); a key reused
 * with another request, or while the first is still running, is refused with 409. Server errors are not kept, so
 * the retry may act. Without a key, or without a caller (the request is refused anyway), `act` just runs.
 */
export async function idempotent(
  key: string | null,
  request: unknown,
  act: () => Promise<Answer>,
): Promise<(Answer & { replayed: boolean }) | Failure> {
  if (key === null) return { ...(await act()), replayed: false };
  if (!idempotencyKeyPattern.test(key)) {
    return failure('invalid_input', 'Invalid request: Idempotency-Key must be 1-200 printable ASCII characters.');
  }
  const identity = await currentIdentity();
  if (!identity) return { ...(await act()), replayed: false };
  const principal = principalOf(identity);
  const hash = hashOf(request);
  let pool;
  try {
    pool = await statePool();
    await runQuery(pool, `delete from api_idempotency where created_at < now() - interval '${KEPT_FOR}'`);
    const claimed = await runQuery(
      pool,
      `insert into api_idempotency (principal, key, request_hash) values ($1, $2, $3) on conflict do nothing`,
      [principal, key, hash],
    );
    if (claimed.rowCount === 0) {
      const { rows } = await runQuery<{ request_hash: string; status: number | null; body: unknown }>(
        pool,
        'select request_hash, status, body from api_idempotency where principal = $1 and key = $2',
        [principal, key],
      );
      const first = rows[0];
      if (first && first.request_hash !== hash) {
        return failure('conflict', 'This Idempotency-Key was used for a different request; use a new key.');
      }
      if (!first || first.status === null) {
        return failure('conflict', 'The first request with this Idempotency-Key is still running; retry in a moment.');
      }
      return { status: first.status, body: first.body, replayed: true };
    }
  } catch (error) {
    return failure(
      'unavailable',
      `Idempotency keys need pgwarden's state database: ${describePgError(error)}. Nothing was done.`,
    );
  }
  let answer: Answer;
  try {
    answer = await act();
  } catch (error) {
    await runQuery(pool, 'delete from api_idempotency where principal = $1 and key = $2', [principal, key]).catch(
      () => {},
    );
    throw error;
  }
  try {
    if (answer.status >= 500) {
      await runQuery(pool, 'delete from api_idempotency where principal = $1 and key = $2', [principal, key]);
    } else {
      await runQuery(pool, 'update api_idempotency set status = $3, body = $4 where principal = $1 and key = $2', [
        principal,
        key,
        answer.status,
        JSON.stringify(answer.body),
      ]);
    }
  } catch {
    // The action is done and answered; a retry with this key will be told the first request is still running.
  }
  return { ...answer, replayed: false };
}
