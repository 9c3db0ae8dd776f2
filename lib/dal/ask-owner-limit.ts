// One "Ask the owner" message per session per sender per minute: a second click, or a script, cannot flood a team.
// Counted in the state database (table refusal_limits, under its own prefix) so every instance shares it.
import 'server-only';
import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StateDatabaseMissing, statePool } from '@/lib/state/state-db';

export const ASK_OWNER_WINDOW_SECONDS = 60;

const options = { points: 1, duration: ASK_OWNER_WINDOW_SECONDS, keyPrefix: 'ask_owner' };
const memory = new RateLimiterMemory(options);
let shared: RateLimiterAbstract | null = null;

async function limiter(): Promise<RateLimiterAbstract> {
  if (shared) return shared;
  try {
    const pool = await statePool();
    shared = new RateLimiterPostgres({
      ...options,
      storeClient: pool,
      tableName: 'refusal_limits',
      tableCreated: true,
      insuranceLimiter: memory,
    });
    return shared;
  } catch (error) {
    if (error instanceof StateDatabaseMissing) shared = memory;
    return memory;
  }
}

export function askOwnerKey(sender: string, clusterId: string, session: { pid: number; backendStart: string }): string {
  return createHash('sha256')
    .update(`${sender.toLowerCase()}\u0000${clusterId}\u0000${session.pid}\u0000${session.backendStart}`)
    .digest('hex');
}

/** Takes this minute's message; returns the seconds to wait when it was already taken, else null. */
export async function takeAskOwnerSlot(key: string): Promise<number | null> {
  try {
    await (await limiter()).consume(key);
    return null;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000));
  }
}

/** Gives the minute back when the message could not be queued, so the sender may retry at once. */
export async function releaseAskOwnerSlot(key: string): Promise<void> {
  await (await limiter()).delete(key);
}
