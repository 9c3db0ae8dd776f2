// pgwarden's own database (audit log, history): one pool, migrated once per process before first use.
import 'server-only';
import pg from 'pg';
import { getConfig } from '@/lib/config/load';
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

// Several pgwarden instances may start together: one advisory lock makes them migrate one at a time.
const MIGRATION_LOCK = 7_301_733;

export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
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
    client.release();
  }
}

export function createStatePool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'pgwarden-state',
    max: 4,
    options: '-c TimeZone=UTC -c DateStyle=ISO',
  });
  pool.on('error', () => {});
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
