import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { createClusterPool } from '@/lib/pg/pools';
import {
  connect,
  createRole,
  openBusySession,
  testServers,
  withClient,
  type BusySession,
  type TestRole,
} from '@/test/servers';
import { ClusterSampler } from './sampler';

function clusterConfig(url: string) {
  return configSchema.parse({ clusters: [{ id: 'test', url, sampleIntervalMs: 1000 }] }).clusters[0]!;
}

describe.each(testServers())('sampler on $name', ({ superuserUrl }) => {
  let monitor: TestRole;
  let pool: pg.Pool;
  let sampler: ClusterSampler;
  let sleeper: BusySession;
  const opened: pg.Client[] = [];
  let idleInTxPid = 0;
  let holderPid = 0;
  let waiterPid = 0;
  let sleeperStartedAt = 0;

  beforeAll(async () => {
    monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    await withClient(superuserUrl, async (client) => {
      await client.query('drop table if exists sampler_lock_target');
      await client.query('create table sampler_lock_target (id int primary key, n int)');
      await client.query('insert into sampler_lock_target values (1, 0)');
    });
    sleeperStartedAt = Date.now();
    sleeper = await openBusySession(superuserUrl, {
      sql: 'select pg_sleep(60) /* sampler-sleeper */',
      applicationName: 'sleeper',
    });

    const idle = await connect(superuserUrl, { application_name: 'idle-tx' });
    opened.push(idle);
    await idle.query('begin');
    idleInTxPid = (await idle.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;

    const holder = await connect(superuserUrl, { application_name: 'lock-holder' });
    opened.push(holder);
    await holder.query('begin');
    await holder.query('select * from sampler_lock_target where id = 1 for update');
    holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;

    const waiter = await connect(superuserUrl, { application_name: 'lock-waiter' });
    opened.push(waiter);
    waiterPid = (await waiter.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    void waiter.query('update sampler_lock_target set n = n + 1 where id = 1').catch(() => {});

    pool = createClusterPool(clusterConfig(monitor.url));
    sampler = new ClusterSampler(clusterConfig(monitor.url), pool);
    // Let the waiter reach its lock wait before sampling.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  afterAll(async () => {
    sampler?.stop();
    await pool?.end();
    await sleeper?.close();
    for (const client of opened) await client.end().catch(() => {});
    await monitor?.drop();
  });

  it('lists the sessions it did not create, with states, durations by the database clock and blockers', async () => {
    const snapshot = await sampler.read();
    expect(snapshot.error).toBeNull();
    expect(snapshot.privileges).toMatchObject({ isSuperuser: false, canReadAllStats: true, canSignalBackends: true });
    const byPid = new Map(snapshot.sessions.map((row) => [row.pid, row]));

    const sleeping = byPid.get(sleeper.pid)!;
    expect(sleeping.state).toBe('active');
    expect(sleeping.query).toContain('sampler-sleeper');
    expect(sleeping.applicationName).toBe('sleeper');
    const elapsed = Date.now() - sleeperStartedAt;
    expect(sleeping.queryAgeMs).toBeGreaterThan(300);
    expect(sleeping.queryAgeMs).toBeLessThan(elapsed + 1000);
    expect(sleeping.backendAgeMs!).toBeGreaterThanOrEqual(sleeping.queryAgeMs!);

    const idle = byPid.get(idleInTxPid)!;
    expect(idle.state).toBe('idle in transaction');
    expect(idle.queryAgeMs).toBeNull();
    expect(idle.xactAgeMs).toBeGreaterThan(0);

    const waiter = byPid.get(waiterPid)!;
    expect(waiter.waitEventType).toBe('Lock');
    expect(waiter.blockedBy).toEqual([holderPid]);
    const others = snapshot.sessions.filter((row) => row.pid !== waiterPid);
    expect(others.every((row) => row.blockedBy.length === 0)).toBe(true);

    const own = snapshot.sessions.filter((row) => row.isPgwarden);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.applicationName === 'pgwarden')).toBe(true);
  });

  it('carries the max_connections of the server each snapshot was read from', async () => {
    const setting = await withClient(superuserUrl, async (client) =>
      Number((await client.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections),
    );
    expect((await sampler.read()).maxConnections).toBe(setting);
  });

  it('hands each snapshot to the viewers (the live streams) before the background listeners', async () => {
    const order: string[] = [];
    const stopBackground = sampler.onSample((snapshot) => void order.push(`background ${snapshot.snapshotId}`));
    const stopViewers = sampler.onSampleForViewers((snapshot) => void order.push(`viewers ${snapshot.snapshotId}`));
    try {
      await new Promise((resolve) => setTimeout(resolve, 2200));
    } finally {
      stopBackground();
      stopViewers();
    }
    const first = Number(order.find((entry) => entry.startsWith('viewers'))!.split(' ')[1]);
    const delivered = order.filter((entry) => Number(entry.split(' ')[1]) >= first);
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    for (let at = 0; at + 1 < delivered.length; at += 2) {
      expect([delivered[at], delivered[at + 1]]).toEqual([`viewers ${first + at / 2}`, `background ${first + at / 2}`]);
    }
  });

  it('sends one query per interval however many viewers read at once', async () => {
    await sampler.read();
    const before = sampler.stats.queries;
    const started = Date.now();
    const reads = Array.from({ length: 50 }, () => sampler.read(1000));
    await Promise.all(reads);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await Promise.all(Array.from({ length: 50 }, () => sampler.read(1000)));
    const seconds = (Date.now() - started) / 1000;
    const queries = sampler.stats.queries - before;
    expect(queries).toBeLessThanOrEqual(Math.ceil(seconds) + 1);
    expect(queries).toBeGreaterThanOrEqual(1);
  });

  it('fresh snapshots: the next sample sees a session that ended (autocommit, no frozen snapshot)', async () => {
    const extra = await openBusySession(superuserUrl, { sql: 'select pg_sleep(30) /* short-lived */' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await sampler.read(1000)).sessions.some((row) => row.pid === extra.pid)).toBe(true);
    await extra.close();
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect((await sampler.read(1000)).sessions.some((row) => row.pid === extra.pid)).toBe(false);
  });

  it('says when its role cannot read other users’ queries', async () => {
    const weak = await createRole(superuserUrl);
    const weakPool = createClusterPool(clusterConfig(weak.url));
    const weakSampler = new ClusterSampler(clusterConfig(weak.url), weakPool);
    try {
      const snapshot = await weakSampler.read();
      expect(snapshot.privileges?.canReadAllStats).toBe(false);
      const sleeping = snapshot.sessions.find((row) => row.pid === sleeper.pid)!;
      expect(sleeping.query).not.toContain('sampler-sleeper');
    } finally {
      weakSampler.stop();
      await weakPool.end();
      await weak.drop();
    }
  });
});

describe('sampler on an unreachable cluster', () => {
  it('reports the error without the password and keeps trying', async () => {
    const config = clusterConfig('postgres://someone:s3cret-pass@127.0.0.1:1/postgres');
    const pool = createClusterPool(config);
    const sampler = new ClusterSampler(config, pool);
    try {
      const snapshot = await sampler.read();
      expect(snapshot.error?.message).toMatch(/ECONNREFUSED|nothing is listening/);
      expect(snapshot.error?.message).not.toContain('s3cret-pass');
      expect(snapshot.takenAt).toBeNull();
    } finally {
      sampler.stop();
      await pool.end();
    }
  });
});
