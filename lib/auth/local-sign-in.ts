// Checks a local user's email and password, refusing at once (without bcrypt) while the account or address is
// throttled. Every refusal goes through onSignInFailure, so a metric or an alert is one line there.
import 'server-only';
import bcrypt from 'bcryptjs';
import type { PgwardenConfig } from '@/lib/config/schema';
import { clientAddress } from '@/lib/http/client-address';
import { log } from '@/lib/log/logger';
import { countSignInFailure } from '@/lib/metrics/counters';
import { throttleCheck, throttleFailure, throttleSuccess } from './app-sign-in-throttle';
import type { SignInAttempt, Throttled } from './sign-in-throttle';
import { throttledErrorCode } from './throttle-message';

// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = '$2b$10$g1vP201RpJfepk/ptD08te.oRrbCZU/wAAJMqYGZ4H6hvAaCfwtT2';
const MAX_LOGGED_EMAIL = 254;

export type SignInFailure = 'wrong_password' | 'throttled';

/**
 * The one place a local sign-in is refused: one log line, then next-auth's answer. A throttle travels as an
 * error whose message is a SignInThrottled code (lib/auth/throttle-message.ts) for the form to show.
 */
export function onSignInFailure(reason: SignInFailure, attempt: SignInAttempt, throttled: Throttled | null): null {
  const fields = { account: attempt.account.slice(0, MAX_LOGGED_EMAIL), address: attempt.address };
  countSignInFailure(reason);
  if (reason === 'throttled')
    log.warn(
      {
        event: 'sign_in_throttled',
        ...fields,
        scope: throttled?.scope,
        retryAfterSeconds: throttled?.retryAfterSeconds,
      },
      'sign-in refused without checking the password: too many failures',
    );
  else
    log.info(
      { event: 'sign_in_failed', ...fields, blockedForSeconds: throttled?.retryAfterSeconds },
      'wrong email or password',
    );
  if (throttled) throw new Error(throttledErrorCode(throttled.scope, throttled.retryAfterSeconds, Date.now()));
  return null;
}

type Headers = Record<string, string | string[] | undefined>;
interface LocalUser {
  id: string;
  email: string;
  name: string;
}

export async function signInLocalUser(
  config: PgwardenConfig,
  credentials: Record<string, string> | undefined,
  headers: Headers,
): Promise<LocalUser | null> {
  const attempt = {
    account: credentials?.email?.trim().toLowerCase() ?? '',
    address: clientAddress(headers, config) ?? 'unknown',
  };
  const throttled = await throttleCheck(attempt);
  if (throttled) return onSignInFailure('throttled', attempt, throttled);
  const user = config.auth.localUsers.find((candidate) => candidate.email.toLowerCase() === attempt.account);
  const matches = await bcrypt.compare(credentials?.password ?? '', user?.passwordHash ?? DUMMY_HASH);
  if (!user || !matches) return onSignInFailure('wrong_password', attempt, await throttleFailure(attempt));
  await throttleSuccess(attempt);
  return { id: user.email, email: user.email, name: user.name ?? user.email };
}
