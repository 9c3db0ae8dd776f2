import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import type { HistoryReport, LongQueryRecord } from '@/lib/types/history';
import type { Result } from '@/lib/types/result';
import type { SessionRow } from '@/lib/types/session';
import { longQueryRowsOf } from '@/test/backend-rows';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import { sessionRow } from '@/test/session-row';
import {
  createRole,
  openBusySession,
  testServers,
  withClient,
  withUrl,
  type BusySession,
  type TestRole,
} from '@/test/servers';
import { signedIn } from '@/test/signed-in';

// Only who is signed in is stubbed; the samplers, the history writers, the state database and the signals are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { signalSessions } = await import('@/lib/dal/signals');
const { getHistoryReport } = await import('@/lib/dal/history');
const { startHistoryRecording, forgetHistoryWriters } = await import('./start-recording');
const { deleteExpiredHistory, recordSample } = await import('./long-query-store');
const { HistoryWriter } = await import('./history-writer');
const { ClusterSampler } = await import('@/lib/sessions/sampler');
const { createClusterPool } = await import('@/lib/pg/pools');
const { StateDatabaseMissing, createStatePool, statePool } = await import('@/lib/state/state-db');

const servers = testServers();
const stateDb = `pgwarden_state_history_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(servers[0]!.superuserUrl, { database: stateDb });
const monitors = monitoredClustersForFile('history', {
  grants: ['pg_read_all_stats', 'pg_signal_backend'],
  cluster: { sampleIntervalMs: 250, longQueryThresholdSeconds: 1 },
  stateDatabaseUrl: stateUrl,
  roles: [
    { role: 'operator', domain: 'ops.test.dev' },
    { role: 'viewer', email: 'viewer@test.dev' },
  ],
});

function as(email: string) {
  signedIn.identity = { email, name: null, groups: [], provider: 'local' };
}

const storedRuns = (clusterId: string, session: BusySession) =>
  longQueryRowsOf<{ longest_ms: number; ended_at: Date | null; first_seen: Date; last_seen: Date }>(
    stateUrl,
    { clusterId, ...session },
    'longest_ms, ended_at, first_seen, last_seen',
  );

function recordOf(result: Result<HistoryReport>, pid: number): LongQueryRecord | undefined {
  return result.ok ? result.data.records.find((record) => record.pid === pid) : undefined;
}

beforeAll(async () => {
  await withClient(servers[0]!.superuserUrl, (client) => client.query(`create database ${stateDb}`));
  // What instrumentation.ts does at server start; the first write migrates the state database.
  startHistoryRecording();
  await statePool();
});

afterAll(() => {
  return forgetHistoryWriters();
});

describe.each(servers)('long-query history on $name', ({ name: clusterId, superuserUrl }) => {
  let app: TestRole;

  beforeAll(async () => {
    app = await createRole(superuserUrl);
  });
  afterAll(async () => {
    await app.drop();
  });

  it('keeps one record per run with a growing duration, and links the terminate that ended it', async () => {
    const tag = `history-${randomBytes(4).toString('hex')}`;
    const session = await openBusySession(app.url, { applicationName: tag, sql: `select pg_sleep(60) /* ${tag} */` });
    try {
      const [first] = await eventually(
        () => storedRuns(clusterId, session),
        (runs) => runs.length === 1,
      );
      const grown = await eventually(
        () => storedRuns(clusterId, session),
        (runs) => runs.length === 1 && runs[0]!.longest_ms > first!.longest_ms + 500,
      );
      expect(grown).toHaveLength(1);
      expect(grown[0]!.first_seen.getTime()).toBe(first!.first_seen.getTime());
      expect(grown[0]!.ended_at).toBeNull();

      const { backendStart } = session;
      as('oncall@ops.test.dev');
      const signalled = await signalSessions({
        clusterId,
        action: 'terminate',
        targets: [{ pid: session.pid, backendStart }],
      });
      expect(signalled.ok && signalled.data.results[0]?.outcome).toBe('terminated');
      const auditId = signalled.ok ? signalled.data.results[0]!.auditId : null;
      expect(auditId).toBeTruthy();

      as('viewer@test.dev');
      const report = await eventually(
        () => getHistoryReport({ clusterId, view: { range: 'hour' } }),
        (result) => recordOf(result, session.pid)?.ended === 'terminated',
      );
      const record = recordOf(report, session.pid)!;
      expect(record).toMatchObject({ endedByAuditId: auditId, auditIds: [auditId], application: tag, user: app.name });
      expect(record.query).toContain(tag);
      expect(record.longestMs).toBeGreaterThan(1500);
      expect(report.ok && report.data.owners).toContainEqual(
        expect.objectContaining({ user: app.name, application: tag, queries: 1 }),
      );
      expect(report.ok && report.data.fingerprints.map((row) => row.fingerprint)).toContain(record.fingerprint);
      await eventually(
        () => storedRuns(clusterId, session),
        (runs) => runs[0]?.ended_at !== null,
      );
      expect(await storedRuns(clusterId, session)).toHaveLength(1);
    } finally {
      await session.close();
    }
  });

  it('says "cancelled" for a query cancelled through pgwarden, with its audit entry', async () => {
    const tag = `history-${randomBytes(4).toString('hex')}`;
    const session = await openBusySession(app.url, { applicationName: tag, sql: `select pg_sleep(60) /* ${tag} */` });
    try {
      await eventually(
        () => storedRuns(clusterId, session),
        (runs) => runs.length === 1,
      );
      const { backendStart } = session;
      as('oncall@ops.test.dev');
      const signalled = await signalSessions({
        clusterId,
        action: 'cancel',
        targets: [{ pid: session.pid, backendStart }],
      });
      expect(signalled.ok && signalled.data.results[0]?.outcome).toBe('cancelled');
      as('viewer@test.dev');
      const report = await eventually(
        () => getHistoryReport({ clusterId, view: { range: 'hour' } }),
        (result) => recordOf(result, session.pid)?.ended === 'cancelled',
      );
      expect(recordOf(report, session.pid)?.endedByAuditId).toBe(
        signalled.ok ? signalled.data.results[0]!.auditId : 'none',
      );
    } finally {
      await session.close();
    }
  });

  it('says "finished" for a query that ended on its own, with no audit entry', async () => {
    const tag = `history-${randomBytes(4).toString('hex')}`;
    const session = await openBusySession(app.url, { applicationName: tag, sql: 'select pg_sleep(2.5)' });
    try {
      expect(await session.outcome).toBeUndefined();
      as('viewer@test.dev');
      const report = await eventually(
        () => getHistoryReport({ clusterId, view: { range: 'day' } }),
        (result) => recordOf(result, session.pid)?.ended === 'finished',
      );
      expect(recordOf(report, session.pid)).toMatchObject({ endedByAuditId: null, auditIds: [], application: tag });
    } finally {
      await session.close();
    }
  });
});

describe('history store', () => {
  it('converges to one row when several pgwarden instances write the same run in any order', async () => {
    const pool = await statePool();
    const clusterId = `instances-${randomBytes(4).toString('hex')}`;
    const run = { pid: 4242, backendStart: '2030-01-01 00:00:00+00', queryStart: '2030-01-01 00:00:10+00' };
    const seen = (takenAt: string, queryAgeMs: number) =>
      recordSample(pool, clusterId, takenAt, [sessionRow({ ...run, queryAgeMs, query: 'select pg_sleep(99)' })]);
    await Promise.all([
      seen('2030-01-01 00:00:40+00', 30_000),
      seen('2030-01-01 00:00:20+00', 10_000),
      seen('2030-01-01 00:00:40+00', 30_000),
      seen('2030-01-01 00:00:30+00', 20_000),
    ]);
    const { rows } = await pool.query<{ first_seen: Date; last_seen: Date; longest_ms: number; ended_at: Date | null }>(
      'select first_seen, last_seen, longest_ms, ended_at from long_queries where cluster_id = $1',
      [clusterId],
    );
    expect(rows).toEqual([
      {
        first_seen: new Date('2030-01-01T00:00:20Z'),
        last_seen: new Date('2030-01-01T00:00:40Z'),
        longest_ms: 30_000,
        ended_at: null,
      },
    ]);
    // A later sample without it ends it where it was last seen.
    await recordSample(pool, clusterId, '2030-01-01 00:00:41+00', []);
    const ended = await pool.query<{ ended_at: Date }>('select ended_at from long_queries where cluster_id = $1', [
      clusterId,
    ]);
    expect(ended.rows[0]!.ended_at).toEqual(new Date('2030-01-01T00:00:40Z'));
  });

  it('retention deletes runs last seen longer ago than historyRetentionDays', async () => {
    const pool = await statePool();
    const clusterId = `retention-${randomBytes(4).toString('hex')}`;
    await pool.query(
      `insert into long_queries (cluster_id, pid, backend_start, query_start, first_seen, last_seen, longest_ms, fingerprint)
       select $1, pid, now() - age, now() - age, now() - age, now() - age, 60000, 't:x'
         from (values (1, interval '20 days'), (2, interval '13 days'), (3, interval '1 minute')) as v(pid, age)`,
      [clusterId],
    );
    expect(await deleteExpiredHistory(pool, 14)).toBeGreaterThanOrEqual(1);
    const { rows } = await pool.query<{ pid: number }>(
      'select pid from long_queries where cluster_id = $1 order by pid',
      [clusterId],
    );
    expect(rows.map((row) => row.pid)).toEqual([2, 3]);
  });
});

describe('history writer without a state database', () => {
  const cluster = () =>
    configSchema.parse({
      clusters: [{ id: 'no-state', url: monitors.get(servers[0]!.name)!.url, sampleIntervalMs: 250 }],
    }).clusters[0]!;

  it.each([
    ['not configured', () => Promise.reject(new StateDatabaseMissing())],
    ['down', async () => createStatePool('postgres://nobody:secret@127.0.0.1:1/state')],
  ])('keeps sampling when it is %s, and logs one line', async (_case, pool) => {
    const config = cluster();
    const clusterPool = createClusterPool(config);
    const sampler = new ClusterSampler(config, clusterPool);
    const lines: string[] = [];
    const writer = new HistoryWriter({
      cluster: config,
      retentionDays: 14,
      statePool: pool,
      log: (line) => lines.push(line),
    });
    sampler.onSample(writer.listener);
    try {
      sampler.start();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(sampler.stats.queries).toBeGreaterThanOrEqual(3);
      expect((await sampler.read()).error).toBeNull();
      await writer.idle();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/not being recorded: .*(stateDatabaseUrl|ECONNREFUSED)/);
      expect(lines[0]).not.toContain('secret');
    } finally {
      sampler.stop();
      await clusterPool.end();
    }
  });
});

/** The state pool, counting the statements sent through it. */
function countingPool(real: pg.Pool) {
  const counter = { statements: 0 };
  // Statements go through a borrowed connection (lib/pg/query.ts): count them on the connection.
  const countingClient = (client: pg.PoolClient) =>
    new Proxy(client, {
      get: (target, property, receiver) =>
        property === 'query'
          ? (...args: unknown[]) => {
              counter.statements++;
              return (target.query as (...a: unknown[]) => unknown).apply(target, args);
            }
          : Reflect.get(target, property, receiver),
    });
  const pool = new Proxy(real, {
    get: (target, property, receiver) =>
      property === 'connect'
        ? async () => countingClient(await target.connect())
        : Reflect.get(target, property, receiver),
  });
  return { pool, counter };
}

const snapshotOf = (clusterId: string, snapshotId: number, takenAt: string, sessions: SessionRow[]) => ({
  clusterId,
  snapshotId,
  takenAt,
  sessions,
  serverVersion: '18',
  privileges: null,
  error: null,
  sampleMs: 1,
  ageMs: 0,
});

describe('history writer cadence', () => {
  it('writes a run when it starts, at the cadence and when it ends, with the records of writing every sample', async () => {
    const real = await statePool();
    const { pool: counting, counter } = countingPool(real);
    const clusterId = `cadence-${randomBytes(4).toString('hex')}`;
    const everySampleId = `${clusterId}-every`;
    const cluster = configSchema.parse({
      clusters: [{ id: clusterId, url: 'postgres://unused@127.0.0.1:1/x', longQueryThresholdSeconds: 1 }],
    }).clusters[0]!;
    const writer = new HistoryWriter({ cluster, retentionDays: 14, statePool: async () => counting });
    const run = { pid: 777, backendStart: '2030-01-01 00:00:00+00', queryStart: '2030-01-01 00:00:10+00' };
    const other = { pid: 778, backendStart: '2030-01-01 00:00:00+00', queryStart: '2030-01-01 00:00:12+00' };
    const samples: [number, string, Parameters<typeof sessionRow>[0][]][] = [
      [0, '2030-01-01 00:00:12+00', [{ ...run, queryAgeMs: 2000 }]],
      [300, '2030-01-01 00:00:13+00', [{ ...run, queryAgeMs: 3000 }]],
      [1200, '2030-01-01 00:00:14+00', [{ ...run, queryAgeMs: 4000 }]],
      [
        1500,
        '2030-01-01 00:00:15+00',
        [
          { ...run, queryAgeMs: 5000 },
          { ...other, queryAgeMs: 3000 },
        ],
      ],
      [1800, '2030-01-01 00:00:16+00', [{ ...other, queryAgeMs: 4000 }]],
      [2000, '2030-01-01 00:00:17+00', []],
    ];
    const perSample: number[] = [];
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      for (const [at, takenAt, rows] of samples) {
        vi.setSystemTime(start + at);
        const sessions = rows.map((row) => sessionRow({ ...row, query: `select pg_sleep(99) /* ${row.pid} */` }));
        const before = counter.statements;
        await writer.record(snapshotOf(clusterId, perSample.length + 1, takenAt, sessions));
        perSample.push(counter.statements - before);
        await recordSample(real, everySampleId, takenAt, sessions);
      }
    } finally {
      vi.useRealTimers();
    }
    // Start (+ the end check a fresh writer owes the store, + the hourly retention), nothing, the cadence, a new
    // run, an end, an end. Writing every sample costs 2 statements each time, whatever changed.
    expect(perSample).toEqual([3, 0, 1, 1, 2, 2]);
    const records = async (id: string) =>
      (
        await real.query(
          `select pid, first_seen, last_seen, longest_ms, ended_at, query from long_queries
            where cluster_id = $1 order by pid`,
          [id],
        )
      ).rows;
    const written = await records(clusterId);
    expect(written).toEqual(await records(everySampleId));
    expect(written[0]).toMatchObject({
      pid: 777,
      first_seen: new Date('2030-01-01T00:00:12Z'),
      last_seen: new Date('2030-01-01T00:00:15Z'),
      longest_ms: 5000,
      ended_at: new Date('2030-01-01T00:00:15Z'),
    });
  });

  it('writes runs that started at different times again together: one statement per cadence, not one per run', async () => {
    const real = await statePool();
    const { pool: counting, counter } = countingPool(real);
    const clusterId = `staggered-${randomBytes(4).toString('hex')}`;
    const cluster = configSchema.parse({
      clusters: [{ id: clusterId, url: 'postgres://unused@127.0.0.1:1/x', longQueryThresholdSeconds: 1 }],
    }).clusters[0]!;
    const writer = new HistoryWriter({ cluster, retentionDays: 14, statePool: async () => counting });
    // Four long queries first seen 250 ms apart, then all four running for a second more, sampled every 250 ms.
    const rowsAt = (sample: number) =>
      [0, 1, 2, 3]
        .filter((run) => run <= sample)
        .map((run) =>
          sessionRow({
            pid: 900 + run,
            backendStart: '2030-01-01 00:00:00+00',
            queryStart: `2030-01-01 00:00:0${run}+00`,
            queryAgeMs: 2000 + (sample - run) * 250,
            query: `select pg_sleep(99) /* ${run} */`,
          }),
        );
    const perSample: number[] = [];
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      for (let sample = 0; sample <= 8; sample++) {
        vi.setSystemTime(start + sample * 250);
        const before = counter.statements;
        await writer.record(snapshotOf(clusterId, sample + 1, `2030-01-01 00:00:1${sample}+00`, rowsAt(sample)));
        perSample.push(counter.statements - before);
      }
    } finally {
      vi.useRealTimers();
    }
    // Each new run when first seen; then all of them together once per second (the 1 s threshold is the cadence).
    // Writing each run 1 s after its own last write would cost a statement at every one of these samples.
    expect(perSample).toEqual([3, 1, 1, 1, 1, 0, 0, 0, 1]);
  });
});
