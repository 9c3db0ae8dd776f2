// Failed local sign-ins, counted per account and per client address in the state database (rate-limiter-flexible's
// RateLimiterPostgres), so every pgwarden instance sees them at once. After `maxFailures` within the window the key
// is blocked for `firstBlockMinutes`; each further block within a day lasts twice as long, up to `maxBlockMinutes`.
import 'server-only';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { PgwardenConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import type { ThrottleScope } from './throttle-message';

export type ThrottleSettings = PgwardenConfig['auth']['signInThrottle'];
export interface SignInAttempt {
  /** The email as typed (trimmed, lower-case), known or not: guessing unknown ones is throttled the same. */
  account: string;
  address: string;
}
export interface Throttled {
  scope: ThrottleScope;
  retryAfterSeconds: number;
}

/** The migrated table (lib/state/migrations.ts, version 3). */
export const THROTTLE_TABLE = 'sign_in_throttle';
const SCOPES: ThrottleScope[] = ['account', 'address'];
/** How long a key's count of blocks is remembered, for the doubling. */
const BLOCK_MEMORY_SECONDS = 24 * 3600;
const MAX_BLOCK_COUNT = 1_000_000;

interface ScopeLimiters {
  /** Failures within the window. */
  failures: RateLimiterAbstract;
  /** Blocks within BLOCK_MEMORY_SECONDS: the exponent of the next block's length. */
  blocks: RateLimiterAbstract;
  /** Only ever set by block(): present means refused until it expires. */
  lock: RateLimiterAbstract;
}
type LimiterSet = Record<ThrottleScope, ScopeLimiters>;
type Make = (keyPrefix: string, points: number, seconds: number) => RateLimiterAbstract;

function limiterSet(settings: ThrottleSettings, make: Make): LimiterSet {
  const window = Math.max(1, Math.round(settings.windowMinutes * 60));
  const max = { account: settings.maxFailuresPerAccount, address: settings.maxFailuresPerAddress };
  const entries = SCOPES.map((scope) => [
    scope,
    {
      failures: make(`failures_${scope}`, max[scope], window),
      blocks: make(`blocks_${scope}`, MAX_BLOCK_COUNT, BLOCK_MEMORY_SECONDS),
      lock: make(`lock_${scope}`, 1, 1),
    },
  ]);
  return Object.fromEntries(entries) as LimiterSet;
}

export function postgresLimiters(settings: ThrottleSettings, pool: pg.Pool): LimiterSet {
  let first = true;
  return limiterSet(settings, (keyPrefix, points, duration) => {
    // One limiter is enough to sweep expired rows of the shared table (every 5 minutes, unref'd timer).
    const clearExpiredByTimeout = first;
    first = false;
    return new RateLimiterPostgres({
      storeClient: pool,
      tableName: THROTTLE_TABLE,
      tableCreated: true,
      clearExpiredByTimeout,
      keyPrefix,
      points,
      duration,
    });
  });
}

export function memoryLimiters(settings: ThrottleSettings): LimiterSet {
  return limiterSet(settings, (keyPrefix, points, duration) => new RateLimiterMemory({ keyPrefix, points, duration }));
}

// Accounts are hashed: the table then holds no email addresses, and an attacker's 1 MB "email" is 64 characters.
function keyOf(scope: ThrottleScope, attempt: SignInAttempt): string {
  return scope === 'account' ? createHash('sha256').update(attempt.account).digest('hex') : attempt.address;
}

function longest(found: (Throttled | null)[]): Throttled | null {
  return found.reduce<Throttled | null>(
    (best, next) => (next && (!best || next.retryAfterSeconds > best.retryAfterSeconds) ? next : best),
    null,
  );
}

/** The rules, on a set of limiters (the state database's, or this process's when it cannot be reached). */
export class SignInThrottle {
  constructor(
    private readonly settings: ThrottleSettings,
    private readonly limiters: LimiterSet,
  ) {}

  /** Refused now? Asked before the password is checked, so a throttled guess costs no bcrypt. */
  async check(attempt: SignInAttempt): Promise<Throttled | null> {
    const found = await Promise.all(
      SCOPES.map(async (scope) => {
        const lock = await this.limiters[scope].lock.get(keyOf(scope, attempt));
        if (!lock || lock.consumedPoints <= 1 || lock.msBeforeNext <= 0) return null;
        return { scope, retryAfterSeconds: Math.ceil(lock.msBeforeNext / 1000) };
      }),
    );
    return longest(found);
  }

  /** Counts a wrong password; returns the block it started, if it reached a limit. */
  async recordFailure(attempt: SignInAttempt): Promise<Throttled | null> {
    const max = { account: this.settings.maxFailuresPerAccount, address: this.settings.maxFailuresPerAddress };
    const found = await Promise.all(
      SCOPES.map(async (scope) => {
        const key = keyOf(scope, attempt);
        const { failures, blocks, lock } = this.limiters[scope];
        const counted = await failures.penalty(key, 1);
        if (counted.consumedPoints < max[scope]) return null;
        const blocked = await blocks.penalty(key, 1);
        const seconds = Math.round(
          Math.min(
            this.settings.firstBlockMinutes * 60 * 2 ** Math.min(blocked.consumedPoints - 1, 30),
            this.settings.maxBlockMinutes * 60,
          ),
        );
        await lock.block(key, seconds);
        return { scope, retryAfterSeconds: seconds };
      }),
    );
    return longest(found);
  }

  /** A correct password clears the account's record; the address keeps its count (one good account says little). */
  async recordSuccess(attempt: SignInAttempt): Promise<void> {
    const key = keyOf('account', attempt);
    const { failures, blocks } = this.limiters.account;
    await Promise.all([failures.delete(key), blocks.delete(key)]);
  }
}

export function logFallback(reason: string, error?: unknown): void {
  const code = (error as { code?: unknown } | undefined)?.code;
  log.warn(
    { event: 'sign_in_throttle_fallback', code: typeof code === 'string' ? code : undefined },
    `sign-in throttling counts in this process only: ${reason}`,
  );
}
