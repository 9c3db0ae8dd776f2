// Slows down a caller who keeps being refused: REFUSAL_LIMIT refused signal requests per window, then every signal
// request of theirs is answered "rate_limited" (and writes no audit row) until the window ends. Counted in the state
// database so every instance shares the count; in memory when there is none (or while it is unreachable).
import 'server-only';
import { createHash } from 'node:crypto';
import type { Identity } from '@/lib/auth/roles';
import { refusalLimitsLimiter } from '@/lib/state/refusal-limits-store';
import { failure, type Failure } from '@/lib/types/result';

export const REFUSAL_LIMIT = 10;
export const REFUSAL_WINDOW_SECONDS = 60;

const limiter = refusalLimitsLimiter({ points: REFUSAL_LIMIT, duration: REFUSAL_WINDOW_SECONDS, keyPrefix: 'refused' });

/**
 * Whose refusals count together: a signed-in person by email; otherwise the client's address (lib/http/client-address.ts);
 * otherwise every unidentified caller shares one budget (they are refused anyway, so nobody real is slowed).
 */
export function refusalKey(identity: Identity | null, address: string | null): string {
  const who = identity ? `user:${identity.email.toLowerCase()}` : address ? `address:${address}` : 'anonymous';
  return createHash('sha256').update(who).digest('hex');
}

/** Seconds the caller must wait before the next signal request, or null when they may go on. */
export async function refusalWait(key: string): Promise<number | null> {
  const used = await (await limiter()).get(key);
  if (!used || used.consumedPoints < REFUSAL_LIMIT) return null;
  return Math.max(1, Math.ceil(used.msBeforeNext / 1000));
}

/** Counts one refusal; returns the wait when it went over the limit (two requests raced past refusalWait). */
export async function countRefusal(key: string): Promise<number | null> {
  try {
    await (await limiter()).consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000));
  }
}

export function rateLimited(waitSeconds: number): Failure {
  const at = new Date(Date.now() + waitSeconds * 1000).toISOString().slice(11, 19);
  return {
    ...failure(
      'rate_limited',
      `Too many refused requests: more than ${REFUSAL_LIMIT} in ${REFUSAL_WINDOW_SECONDS} s. Nothing was signalled; try again in ${waitSeconds} s (after ${at} UTC).`,
    ),
    retryAfterSeconds: waitSeconds,
  };
}
