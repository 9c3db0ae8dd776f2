// One small, always-open connection pool per monitored cluster, shared by the whole server process.
import 'server-only';
import pg from 'pg';
import type { ClusterConfig } from '@/lib/config/schema';

export const PGWARDEN_APPLICATION_NAME = 'pgwarden';
const POOL_SIZE = 2;

interface PoolRegistry {
  pools: Map<string, pg.Pool>;
}

// Cached on globalThis so that hot reload in development does not leak connections.
const registry: PoolRegistry = ((globalThis as { __pgwardenPools?: PoolRegistry }).__pgwardenPools ??= {
  pools: new Map(),
});

export function createClusterPool(cluster: Pick<ClusterConfig, 'url' | 'statementTimeoutMs'>): pg.Pool {
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
  return pool;
}

export function poolFor(cluster: ClusterConfig): pg.Pool {
  let pool = registry.pools.get(cluster.id);
  if (!pool) {
    pool = createClusterPool(cluster);
    registry.pools.set(cluster.id, pool);
  }
  return pool;
}

/** Opens every connection of the pool now, so they are already there during a connection storm. */
export async function warmPool(pool: pg.Pool): Promise<void> {
  const clients = await Promise.allSettled(Array.from({ length: POOL_SIZE }, () => pool.connect()));
  for (const result of clients) if (result.status === 'fulfilled') result.value.release();
}

export async function closeAllPools(): Promise<void> {
  const pools = [...registry.pools.values()];
  registry.pools.clear();
  await Promise.allSettled(pools.map((pool) => pool.end()));
}
