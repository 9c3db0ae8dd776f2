import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { createClusterPool, warmPool } from '@/lib/pg/pools';
import { startEmbeddedPostgres } from '@/scripts/embedded-postgres';
import {
  backendIsAlive,
  backendStartOf,
  connect,
  createRole,
  openBusySession,
  testServers,
  withClient,
  type TestRole,
} from '@/test/servers';
import { sendSignals, type SendStats } from './send-signals';
import { lookupTargets } from './target-lookup';

function poolFor(url: string): pg.Pool {
  return createClusterPool(configSchema.parse({ clusters: [{ id: 'test', url }] }).clusters[0]!);
}

async function signal(
  pool: pg.Pool,
  action: 'cancel' | 'terminate',
  targets: { pid: number; backendStart: string }[],
  timeoutMs = 5000,
  stats?: SendStats,
) {
  return sendSignals(pool, action, await lookupTargets(pool, targets), timeoutMs, stats);
}

describe.each(testServers())('signals on $name', ({ superuserUrl }) => {
  let operatorRole: TestRole;
  let appRole: TestRole;
  let pool: pg.Pool;

  beforeAll(async () => {
    operatorRole = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    appRole = await createRole(superuserUrl);
    pool = poolFor(operatorRole.url);
  });
  afterAll(async () => {
    await pool.end();
    await operatorRole.drop();
    await appRole.drop();
  });

  it('cancel stops the query and leaves the backend connected', async () => {
    const session = await openBusySession(appRole.url);
    const [result] = await signal(pool, 'cancel', [{ pid: session.pid, backendStart: session.backendStart }]);
    expect(result).toMatchObject({ pid: session.pid, outcome: 'cancelled' });
    expect((await session.outcome)?.message).toMatch(/canceling statement due to user request/);
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    await session.close();
  });

  it('terminate ends the backend within the timeout', async () => {
    const session = await openBusySession(appRole.url);
    const started = Date.now();
    const [result] = await signal(pool, 'terminate', [{ pid: session.pid, backendStart: session.backendStart }], 5000);
    expect(result?.outcome).toBe('terminated');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(false);
    await session.close();
  });

  it('a stale backend_start (pid reused) signals nothing', async () => {
    const session = await openBusySession(appRole.url);
    const [result] = await signal(pool, 'terminate', [{ pid: session.pid, backendStart: '2001-01-01 00:00:00+00' }]);
    expect(result?.outcome).toBe('already_gone');
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    await session.close();
  });

  it('a cancel leaves alone a newer query on the same backend (pooled connections)', async () => {
    const session = await openBusySession(appRole.url);
    const backendStart = session.backendStart;
    const [result] = await sendSignals(
      pool,
      'cancel',
      await lookupTargets(pool, [{ pid: session.pid, backendStart, queryStart: '2001-01-01 00:00:00+00' }]),
      0,
    );
    expect(result?.outcome).toBe('already_gone');
    expect(result?.message).toMatch(/query you confirmed/);
    const state = await withClient(
      superuserUrl,
      async (client) =>
        (await client.query<{ state: string }>('select state from pg_stat_activity where pid = $1', [session.pid]))
          .rows[0]?.state,
    );
    expect(state).toBe('active');
    await session.close();
  });

  it('reads privileges as PostgreSQL does: a pg_signal_backend grant without inherit does not count (PostgreSQL 16+)', async () => {
    const version = await withClient(superuserUrl, async (client) =>
      Number((await client.query<{ v: string }>("select current_setting('server_version_num') as v")).rows[0]!.v),
    );
    if (version < 160000) return;
    const weak = await createRole(superuserUrl, { grants: ['pg_read_all_stats'] });
    await withClient(superuserUrl, (client) =>
      client.query(`grant pg_signal_backend to "${weak.name}" with inherit false`),
    );
    const weakPool = poolFor(weak.url);
    const session = await openBusySession(appRole.url);
    try {
      const targets = await lookupTargets(weakPool, [{ pid: session.pid, backendStart: session.backendStart }]);
      expect(targets[0]?.predictedPermitted).toBe(false);
      const [result] = await sendSignals(weakPool, 'terminate', targets, 1000);
      expect(result?.outcome).toBe('not_permitted');
      expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    } finally {
      await session.close();
      await weakPool.end();
      await weak.drop();
    }
  });

  it('a nonexistent pid is already gone', async () => {
    const [result] = await signal(pool, 'terminate', [{ pid: 2_000_000_000, backendStart: '2026-01-01 00:00:00+00' }]);
    expect(result?.outcome).toBe('already_gone');
  });

  it('a role without pg_signal_backend is not permitted, told the GRANT that fixes it (SQLSTATE 42501)', async () => {
    const weak = await createRole(superuserUrl, { grants: ['pg_read_all_stats'] });
    const weakPool = poolFor(weak.url);
    const session = await openBusySession(appRole.url);
    try {
      const [result] = await signal(weakPool, 'terminate', [{ pid: session.pid, backendStart: session.backendStart }]);
      expect(result?.outcome).toBe('not_permitted');
      expect(result?.message).toContain('GRANT pg_signal_backend');
      expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    } finally {
      await session.close();
      await weakPool.end();
      await weak.drop();
    }
  });

  it('a superuser’s session is refused for a non-superuser console role', async () => {
    const session = await openBusySession(superuserUrl);
    const [result] = await signal(pool, 'terminate', [{ pid: session.pid, backendStart: session.backendStart }]);
    expect(result?.outcome).toBe('not_permitted');
    expect(result?.message).toMatch(/superuser/);
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    await session.close();
  });

  it('tells a vanished pid from a backend that outlives the timeout (SIGSTOP)', async () => {
    const session = await openBusySession(appRole.url);
    const backendStart = session.backendStart;
    process.kill(session.pid, 'SIGSTOP');
    try {
      const [stuck] = await signal(pool, 'terminate', [{ pid: session.pid, backendStart }], 1000);
      expect(stuck?.outcome).toBe('still_running');
    } finally {
      process.kill(session.pid, 'SIGCONT');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [gone] = await signal(pool, 'terminate', [{ pid: session.pid, backendStart }], 1000);
    expect(gone?.outcome).toBe('already_gone');
    await session.close();
  });

  it('says when a cancel did not stop the query, so the user can terminate instead', async () => {
    const session = await openBusySession(appRole.url);
    const backendStart = session.backendStart;
    process.kill(session.pid, 'SIGSTOP');
    try {
      const [result] = await signal(pool, 'cancel', [{ pid: session.pid, backendStart }]);
      expect(result?.outcome).toBe('still_running');
      expect(result?.message).toMatch(/Terminate the session instead/);
    } finally {
      process.kill(session.pid, 'SIGCONT');
    }
    await session.close();
  });

  it('terminates 200 sessions with one signalling statement and reports each', async () => {
    const clients = await Promise.all(
      Array.from({ length: 200 }, () => connect(appRole.url, { application_name: 'bulk' })),
    );
    try {
      const targets = await withClient(superuserUrl, async (client) => {
        const { rows } = await client.query<{ pid: number; backend_start: string }>(
          "select pid, backend_start::text from pg_stat_activity where application_name = 'bulk' and usename = $1",
          [appRole.name],
        );
        return rows.map((row) => ({ pid: row.pid, backendStart: row.backend_start }));
      });
      expect(targets).toHaveLength(200);
      const stats: SendStats = { roundTrips: 0 };
      const results = await signal(pool, 'terminate', targets, 5000, stats);
      expect(results).toHaveLength(200);
      expect(results.every((result) => result.outcome === 'terminated')).toBe(true);
      // One signalling statement, then a few polls while the backends exit.
      expect(stats.roundTrips).toBeLessThan(10);
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
    }
  });
});

describe('a cluster out of connections', () => {
  it('still terminates through the connections pgwarden already holds', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: '.pgwarden/test/full-cluster',
      password: 'full-cluster-test',
      port: 56100,
      maxConnections: 12,
    });
    const clients: pg.Client[] = [];
    try {
      const operatorRole = await createRole(server.url(), { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
      const appRole = await createRole(server.url());
      const pool = poolFor(operatorRole.url);
      await warmPool(pool);
      let full = false;
      while (!full) {
        try {
          clients.push(await connect(appRole.url));
        } catch (error) {
          expect((error as { code?: string }).code).toBe('53300');
          full = true;
        }
      }
      const pid = (clients[0] as unknown as { processID: number }).processID;
      // The test reads backend_start through a superuser-reserved slot; the console uses only its own pool.
      const [result] = await signal(pool, 'terminate', [
        { pid, backendStart: await backendStartOf(server.url(), pid) },
      ]);
      expect(result?.outcome).toBe('terminated');
      await pool.end();
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => {})));
      await server.stop();
    }
  });
});
