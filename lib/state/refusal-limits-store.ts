// Rate limiters counted in the state database's refusal_limits table (lib/state/migrations.ts), so every instance shares
// the count; in memory when there is no state database, and the memory limiter stands in while the database fails.
import 'server-only';
import { RateLimiterMemory, RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { StateDatabaseMissing, statePool } from './state-db';

export interface LimiterOptions {
  points: number;
  duration: number;
  /** Keeps each limiter's keys apart in the one table. */
  keyPrefix: string;
}

/** Returns the function that gives the limiter, created on first use. */
export function refusalLimitsLimiter(options: LimiterOptions): () => Promise<RateLimiterAbstract> {
  const memory = new RateLimiterMemory(options);
  let shared: RateLimiterAbstract | null = null;
  return async () => {
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
  };
}
