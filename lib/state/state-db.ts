// pgwarden's own database (audit log, history): one pool, migrated once per process before first use (or at start).
import 'server-only';
import pg from 'pg';
import { getConfig } from '@/lib/config/load';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { PGWARDEN_STATE_APPLICATION_NAME } from '@/lib/pg/own-connections';
import { keepOpen } from '@/lib/pg/pools';
import { withPoolClient } from '@/lib/pg/query';
import { migrations } from './migrations';

interface StateRegistry {
  pool: pg.Pool | null;
  ready: Promise<pg.Pool> | null;
}

const registry: StateRegistry = ((globalThis as { __pgwardenState?: StateRegistry }).__pgwardenState ??= {
  pool: null,
  ready: null,
});

export class StateDatabaseMissing extends Error {
  constructor() {
    super(
      'pgwarden has no state database for its audit log: set stateDatabaseUrl in the config (or PGWARDEN_STATE_DATABASE_URL).',
    );
  }
}

/** Why background work on the state database (history, alerts) failed, for the one log line it writes. */
export function stateWorkFailure(error: unknown): string {
  return error instanceof StateDatabaseMissing
    ? 'no state database is configured (set stateDatabaseUrl in the config, or PGWARDEN_STATE_DATABASE_URL)'
    : describePgError(error);
}

// Several pgwarden instances may start together: one advisory lock makes them migrate one at a time.
const MIGRATION_LOCK = 7_301_733;

export function migrate(pool: pg.Pool): Promise<void> {
  return withPoolClient(pool, async (client) => {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
      );
      const { rows } = await client.query<{ version: number }>('select version from schema_migrations');
      const applied = new Set(rows.map((row) => row.version));
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query('begin');
        try {
          await client.query(migration.sql);
          await client.query('insert into schema_migrations (version, name) values ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback');
          throw error;
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  });
}

/**
 * The state database often lives on the monitored cluster: every terminate writes its audit entry first, so one
 * connection stays open for good (a failed statement never costs it; a broken one is reopened at once). More open
 * under load and close again when idle.
 */
const KEPT_OPEN = 1;

export function createStatePool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: PGWARDEN_STATE_APPLICATION_NAME,
    max: 4,
    min: KEPT_OPEN,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    options: '-c TimeZone=UTC -c DateStyle=ISO',
  });
  pool.on('error', () => {});
  keepOpen(pool, KEPT_OPEN);
  return pool;
}

/** The migrated state database pool; throws StateDatabaseMissing when none is configured. */
export function statePool(): Promise<pg.Pool> {
  if (!registry.ready) {
    const url = getConfig().stateDatabaseUrl;
    if (!url) return Promise.reject(new StateDatabaseMissing());
    const pool = createStatePool(url);
    registry.pool = pool;
    registry.ready = migrate(pool).then(
      () => pool,
      (error: unknown) => {
        // Try again on the next call instead of remembering a failure forever.
        registry.ready = null;
        void pool.end();
        throw error;
      },
    );
  }
  return registry.ready;
}

/** Closes the state database pool (tests, shutdown); the next statePool() opens a new one. */
export async function closeStatePool(): Promise<void> {
  const pool = registry.pool;
  registry.pool = null;
  registry.ready = null;
  await pool?.end();
}

/**
 * Opens (and migrates) the state database at start-up, while the cluster it may live on still has free slots; a
 * failure is logged and retried by the first statement that needs it.
 */
export async function warmStatePool(): Promise<void> {
  if (!getConfig().stateDatabaseUrl) return;
  try {
    await statePool();
  } catch (error) {
    log.warn(
      { event: 'state_database_unavailable' },
      `the state database cannot be opened yet (${describePgError(error)}); until it can, every signal is refused (nothing is sent unaudited).`,
    );
  }
}
