// The sign-in error a throttled attempt carries through next-auth (?error=, signIn()'s result), and the sentence the
// sign-in page shows for it. Pure: the server page and the client form both read it.

export type ThrottleScope = 'account' | 'address';

const PREFIX = 'SignInThrottled';
const CODE = /^SignInThrottled:(account|address):(\d{1,9}):(\d{1,12})$/;

/** `SignInThrottled:<scope>:<retry after, s>:<retry at, epoch s>`: digits only, so a crafted link can say nothing else. */
export function throttledErrorCode(scope: ThrottleScope, retryAfterSeconds: number, nowMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return `${PREFIX}:${scope}:${seconds}:${Math.ceil(nowMs / 1000) + seconds}`;
}

function inWords(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** "Too many failed sign-ins for this account. Try again in 4 minutes (at 09:41 UTC).", or null for other errors. */
export function throttledMessage(error: string | null | undefined): string | null {
  const match = error ? CODE.exec(error) : null;
  if (!match) return null;
  const [, scope, seconds, at] = match;
  const who = scope === 'account' ? 'for this account' : 'from your network address';
  const clock = new Date(Number(at) * 1000).toISOString().slice(11, 16);
  return `Too many failed sign-ins ${who}. Try again in ${inWords(Number(seconds))} (at ${clock} UTC).`;
}
