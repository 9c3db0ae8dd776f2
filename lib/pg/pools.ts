// One small, always-open connection pool per monitored cluster, shared by the whole server process.
import 'server-only';
import pg from 'pg';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { connectionRole, PGWARDEN_APPLICATION_NAME } from './own-connections';

const POOL_SIZE = 2;

interface PoolRegistry {
  pools: Map<string, pg.Pool>;
}

// Cached on globalThis so that hot reload in development does not leak connections.
const registry: PoolRegistry = ((globalThis as { __pgwardenPools?: PoolRegistry }).__pgwardenPools ??= {
  pools: new Map(),
});

const stateRoles = new WeakMap<pg.Pool, string>();

/** The state database's role of the pgwarden whose pool this is: its connections on the cluster are pgwarden's too. */
export function stateRoleOf(pool: pg.Pool): string | null {
  return stateRoles.get(pool) ?? null;
}

/**
 * Reopens a pool's connections when one closes (a connection broke: terminated, network), so that they are there
 * before the cluster fills up again; a failed attempt is left to the next statement.
 */
export function keepOpen(pool: pg.Pool, count: number): void {
  pool.on('remove', () => {
    if (pool.ending || pool.totalCount >= count) return;
    setTimeout(() => {
      if (!pool.ending && pool.totalCount < count) void warmPool(pool, count);
    }, 100).unref();
  });
}

export function createClusterPool(
  cluster: Pick<ClusterConfig, 'url' | 'statementTimeoutMs'>,
  own: { stateDatabaseUrl?: string } = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: cluster.url,
    application_name: PGWARDEN_APPLICATION_NAME,
    statement_timeout: cluster.statementTimeoutMs,
    max: POOL_SIZE,
    // Idle connections stay open: when the cluster runs out of connections, pgwarden must still get in.
    idleTimeoutMillis: 0,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
    // Timestamps travel as text and are matched back exactly: one zone and one style on every cluster.
    options: '-c TimeZone=UTC -c DateStyle=ISO',
  });
  // A connection that dies while idle (terminated, server restart) is dropped by the pool; never crash.
  pool.on('error', () => {});
  keepOpen(pool, POOL_SIZE);
  const stateRole = own.stateDatabaseUrl ? connectionRole(own.stateDatabaseUrl) : null;
  if (stateRole) stateRoles.set(pool, stateRole);
  return pool;
}

export function poolFor(cluster: ClusterConfig): pg.Pool {
  let pool = registry.pools.get(cluster.id);
  if (!pool) {
    pool = createClusterPool(cluster, { stateDatabaseUrl: getConfig().stateDatabaseUrl });
    registry.pools.set(cluster.id, pool);
  }
  return pool;
}

/** Opens the pool's connections now (up to `count`), so they are already there during a connection storm. */
export async function warmPool(pool: pg.Pool, count = POOL_SIZE): Promise<void> {
  const missing = Math.max(0, count - pool.totalCount + pool.idleCount);
  const clients = await Promise.allSettled(Array.from({ length: missing }, () => pool.connect()));
  for (const result of clients) if (result.status === 'fulfilled') result.value.release();
}

export async function closeAllPools(): Promise<void> {
  const pools = [...registry.pools.values()];
  registry.pools.clear();
  await Promise.allSettled(pools.map((pool) => pool.end()));
}
