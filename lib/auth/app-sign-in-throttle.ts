// The app's sign-in throttle: in the state database when one is configured and answers, else in this process's
// memory with a warning (sign-in keeps working, but each instance then counts on its own).
import 'server-only';
import type pg from 'pg';
import { getConfig } from '@/lib/config/load';
import { statePool } from '@/lib/state/state-db';
import {
  logFallback,
  memoryLimiters,
  postgresLimiters,
  SignInThrottle,
  type SignInAttempt,
  type ThrottleSettings,
  type Throttled,
} from './sign-in-throttle';

/** A state database slower than this is treated as unreachable: sign-in must not hang on it. */
const STATE_TIMEOUT_MS = 3000;
const WARN_EVERY_MS = 60_000;

interface Held {
  settingsKey: string;
  memory: SignInThrottle;
  database?: { pool: pg.Pool; throttle: SignInThrottle };
  warnedAt?: number;
}
const holder = globalThis as { __pgwardenSignInThrottle?: Held };

function held(settings: ThrottleSettings): Held {
  const settingsKey = JSON.stringify(settings);
  if (holder.__pgwardenSignInThrottle?.settingsKey !== settingsKey)
    holder.__pgwardenSignInThrottle = { settingsKey, memory: new SignInThrottle(settings, memoryLimiters(settings)) };
  return holder.__pgwardenSignInThrottle;
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STATE_TIMEOUT_MS} ms`)), STATE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function warn(state: Held, reason: string, error?: unknown) {
  if (state.warnedAt !== undefined && Date.now() - state.warnedAt < WARN_EVERY_MS) return;
  state.warnedAt = Date.now();
  logFallback(reason, error);
}

async function withThrottle<T>(run: (throttle: SignInThrottle) => Promise<T>): Promise<T> {
  const config = getConfig();
  const settings = config.auth.signInThrottle;
  const state = held(settings);
  if (!config.stateDatabaseUrl) {
    warn(state, 'no state database is configured (stateDatabaseUrl)');
    return run(state.memory);
  }
  try {
    const pool = await withTimeout(statePool());
    if (state.database?.pool !== pool)
      state.database = { pool, throttle: new SignInThrottle(settings, postgresLimiters(settings, pool)) };
    return await withTimeout(run(state.database.throttle));
  } catch (error) {
    warn(state, 'the state database cannot be reached', error);
    return run(state.memory);
  }
}

export const throttleCheck = (attempt: SignInAttempt): Promise<Throttled | null> =>
  withThrottle((throttle) => throttle.check(attempt));
export const throttleFailure = (attempt: SignInAttempt): Promise<Throttled | null> =>
  withThrottle((throttle) => throttle.recordFailure(attempt));
export const throttleSuccess = (attempt: SignInAttempt): Promise<void> =>
  withThrottle((throttle) => throttle.recordSuccess(attempt));
