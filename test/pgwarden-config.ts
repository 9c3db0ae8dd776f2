// Writes a pgwarden config file for an integration test and points PGWARDEN_CONFIG at it (read once per test file).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import type { configSchema } from '@/lib/config/schema';
import { createRole, testServers, type TestRole } from './servers';

type ConfigInput = z.input<typeof configSchema>;

export function useTestConfig(name: string, config: Omit<ConfigInput, 'auth'> & { roles: unknown[] }): string {
  const { roles, ...rest } = config;
  mkdirSync('.pgwarden/test', { recursive: true });
  const file = `.pgwarden/test/${name}-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, JSON.stringify({ ...rest, auth: { secret: randomBytes(32).toString('hex'), roles } }), {
    mode: 0o600,
  });
  process.env.PGWARDEN_CONFIG = file;
  return file;
}

export interface MonitoredClustersOptions {
  /** Granted to each server's monitoring role, e.g. ['pg_read_all_stats', 'pg_signal_backend']. */
  grants: string[];
  /** Cluster settings shared by every cluster, e.g. { sampleIntervalMs: 250 }. */
  cluster?: Omit<ConfigInput['clusters'][number], 'id' | 'url'>;
  roles: unknown[];
  stateDatabaseUrl?: string;
  protect?: ConfigInput['protect'];
  owners?: ConfigInput['owners'];
  notifications?: ConfigInput['notifications'];
}

/**
 * For the whole test file: a monitoring role on every test server, a config naming each server as a cluster (its id is
 * the server's name), and afterwards samplers stopped, pools closed and roles dropped. Returns the roles by server name.
 */
export function monitoredClustersForFile(name: string, options: MonitoredClustersOptions): Map<string, TestRole> {
  const monitors = new Map<string, TestRole>();
  beforeAll(async () => {
    for (const server of testServers()) {
      monitors.set(server.name, await createRole(server.superuserUrl, { grants: options.grants }));
    }
    useTestConfig(name, {
      clusters: testServers().map((server) => ({
        id: server.name,
        url: monitors.get(server.name)!.url,
        ...options.cluster,
      })),
      stateDatabaseUrl: options.stateDatabaseUrl,
      protect: options.protect,
      owners: options.owners,
      notifications: options.notifications,
      roles: options.roles,
    });
  });
  afterAll(async () => {
    const { stopAllSamplers } = await import('@/lib/sessions/sampler');
    const { closeAllPools } = await import('@/lib/pg/pools');
    stopAllSamplers();
    await closeAllPools();
    for (const role of monitors.values()) await role.drop();
  });
  return monitors;
}

/** Polls `read` until `done` accepts its value, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs}ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
