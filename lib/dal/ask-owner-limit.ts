// One "Ask the owner" message per session per sender per minute: a second click, or a script, cannot flood a team.
// Counted in the state database (table refusal_limits, under its own prefix) so every instance shares it.
import 'server-only';
import { createHash } from 'node:crypto';
import { refusalLimitsLimiter } from '@/lib/state/refusal-limits-store';

export const ASK_OWNER_WINDOW_SECONDS = 60;

const limiter = refusalLimitsLimiter({ points: 1, duration: ASK_OWNER_WINDOW_SECONDS, keyPrefix: 'ask_owner' });

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
