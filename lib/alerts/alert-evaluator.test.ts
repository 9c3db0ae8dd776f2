import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { configSchema, type AlertRulesConfig } from '@/lib/config/schema';
import type { NotificationEvent } from '@/lib/notify/notification-event';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@/scripts/embedded-postgres';
import { eventually, useTestConfig } from '@/test/pgwarden-config';
import { connect, createRole, openBusySession, testServers, withClient, withUrl, type TestRole } from '@/test/servers';

// Nothing is stubbed but the request's headers (there is no HTTP request in a vitest): callers are real service
// tokens read by lib/dal/caller; samplers, leader elections, the state database and the monitored servers are real.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => request.headers }));

const { AlertEvaluator } = await import('./alert-evaluator');
const { evaluateOnLeader } = await import('./start-alerting');
const { ClusterSampler } = await import('@/lib/sessions/sampler');
const { createClusterPool } = await import('@/lib/pg/pools');
const { closeStatePool, statePool } = await import('@/lib/state/state-db');
const { LeaderElection } = await import('@/lib/leader/cluster-leader');
const { registerNotificationSink } = await import('@/lib/notify/publish');
const { createToken } = await import('@/lib/tokens/token-store');
const { acknowledgeAlert, listClusterAlerts, listOpenAlerts } = await import('@/lib/dal/alerts');
const { metrics } = await import('@/lib/metrics/registry');

async function openGauge(cluster: string, rule: string): Promise<number | undefined> {
  const { values } = await metrics().openAlerts.get();
  return values.find((value) => value.labels.cluster === cluster && value.labels.rule === rule)?.value;
}

const server = testServers()[0]!;
const stateDb = `pgwarden_state_alerts_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(server.superuserUrl, { database: stateDb });
const NONE: AlertRulesConfig = {
  queryRunningSeconds: null,
  idleInTransactionSeconds: null,
  lockWaitSeconds: null,
  lockChainWaiters: null,
  connectionsPercent: null,
  unreachableSeconds: null,
};

let monitor: TestRole;
let app: TestRole;
const events: NotificationEvent[] = [];
const cleanups: (() => Promise<void>)[] = [];

interface StoredAlert {
  id: string;
  rule: string;
  condition_key: string;
  detail: string;
  sessions: { pid: number; backendStart: string | null }[];
  path: string;
  resolved_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
}

async function stored(clusterId: string, rule?: string): Promise<StoredAlert[]> {
  return withClient(stateUrl, async (client) => {
    const { rows } = await client.query<StoredAlert>(
      `select id::text, rule, condition_key, detail, sessions, path, resolved_at, acknowledged_by, acknowledged_at
         from alerts where cluster_id = $1 and ($2::text is null or rule = $2) order by id`,
      [clusterId, rule ?? null],
    );
    return rows;
  });
}

const involving = (pid: number) => (alert: StoredAlert) => alert.sessions.some((session) => session.pid === pid);
const eventsFor = (id: string, type: NotificationEvent['type']) =>
  events.filter((event) => event.type === type && 'alert' in event && event.alert.id === id);

/** A sampler and an evaluator for one cluster, with only the given rules on; stopped after the test. */
function watch(
  clusterId: string,
  rules: Partial<AlertRulesConfig>,
  options: { url?: string; leads?: () => boolean } = {},
) {
  const cluster = configSchema.parse({
    clusters: [{ id: clusterId, url: options.url ?? monitor.url, sampleIntervalMs: 250, statementTimeoutMs: 2000 }],
  }).clusters[0]!;
  const pool = createClusterPool(cluster);
  const sampler = new ClusterSampler(cluster, pool);
  const evaluator = new AlertEvaluator({
    cluster,
    rules: () => ({ ...NONE, ...rules }),
    retentionDays: () => 14,
    statePool,
  });
  if (options.leads) evaluateOnLeader(sampler, evaluator, options.leads);
  else sampler.onSample(evaluator.listener);
  sampler.start();
  cleanups.push(async () => {
    sampler.stop();
    await evaluator.idle();
    await pool.end();
  });
  return { sampler, evaluator };
}

const uniqueId = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`create database ${stateDb}`));
  monitor = await createRole(server.superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
  app = await createRole(server.superuserUrl);
  useTestConfig('alerts', {
    clusters: [{ id: 'main', url: monitor.url, sampleIntervalMs: 250 }],
    stateDatabaseUrl: stateUrl,
    roles: [],
  });
  await statePool();
  registerNotificationSink({ name: 'alerts-test', enqueue: async (event) => void events.push(event) });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await closeStatePool();
  await app.drop();
  await monitor.drop();
  await withClient(server.superuserUrl, (client) => client.query(`drop database ${stateDb} with (force)`));
});

describe('alert rules on real conditions', () => {
  it('query_running opens on a long pg_sleep, names the session, and resolves when the query is cancelled', async () => {
    const clusterId = uniqueId('query');
    watch(clusterId, { queryRunningSeconds: 1 });
    const session = await openBusySession(app.url, { applicationName: 'alerts-sleep', sql: 'select pg_sleep(60)' });
    try {
      const { backendStart } = session;
      const [alert] = await eventually(
        async () => (await stored(clusterId, 'query_running')).filter(involving(session.pid)),
        (alerts) => alerts.length === 1,
      );
      expect(alert!.resolved_at).toBeNull();
      expect(alert!.sessions).toEqual([expect.objectContaining({ pid: session.pid, backendStart })]);
      expect(alert!.detail).toMatch(/^query running \d+ s \(over 1 s\) — pid \d+, .*alerts-sleep/);
      const link = new URL(alert!.path, 'https://pgwarden.test');
      expect(link.pathname).toBe(`/clusters/${clusterId}/sessions`);
      expect(link.searchParams.get('detail')).toBe(`${session.pid}@${backendStart}`);
      expect(link.searchParams.get('minDurationSeconds')).toBe('1');
      expect(eventsFor(alert!.id, 'alert_opened')).toEqual([
        expect.objectContaining({ clusterId, path: alert!.path, summary: expect.stringContaining('Long query') }),
      ]);
      expect(await openGauge(clusterId, 'query_running')).toBe(1);
      expect(await openGauge(clusterId, 'lock_chain')).toBe(0);

      // Still one alert while it holds, however many samples see it.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await stored(clusterId, 'query_running')).filter(involving(session.pid))).toHaveLength(1);

      await withClient(server.superuserUrl, (client) => client.query('select pg_cancel_backend($1)', [session.pid]));
      const [resolved] = await eventually(
        async () => (await stored(clusterId, 'query_running')).filter(involving(session.pid)),
        (alerts) => alerts[0]?.resolved_at !== null,
      );
      expect(resolved!.id).toBe(alert!.id);
      expect(eventsFor(alert!.id, 'alert_resolved')).toHaveLength(1);
      await eventually(
        () => openGauge(clusterId, 'query_running'),
        (value) => value === 0,
      );
    } finally {
      await session.close();
    }
  });

  it('idle_in_transaction opens on an open transaction left idle, and resolves when it commits', async () => {
    const clusterId = uniqueId('idle');
    watch(clusterId, { idleInTransactionSeconds: 1 });
    const client = await connect(app.url, { application_name: 'alerts-idle' });
    try {
      await client.query('begin');
      await client.query('select 1');
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const [alert] = await eventually(
        async () => (await stored(clusterId, 'idle_in_transaction')).filter(involving(pid)),
        (alerts) => alerts.length === 1,
      );
      expect(alert!.detail).toMatch(/^idle in transaction for \d+ s \(over 1 s\)/);
      expect(new URL(alert!.path, 'https://x.test').searchParams.get('state')).toBe('idle in transaction');
      await client.query('commit');
      await eventually(
        async () => (await stored(clusterId, 'idle_in_transaction')).filter(involving(pid)),
        (alerts) => alerts.length === 1 && alerts[0]!.resolved_at !== null,
      );
    } finally {
      await client.end();
    }
  });

  it('lock_chain and lock_wait open on a real lock chain, name its root first, and resolve when it commits', async () => {
    const clusterId = uniqueId('locks');
    const table = `alerts_lock_${randomBytes(3).toString('hex')}`;
    await withClient(server.superuserUrl, (client) => client.query(`create table ${table} (id int)`));
    const holder = await connect(server.superuserUrl, { application_name: 'alerts-holder' });
    const waiters: pg.Client[] = [];
    try {
      await holder.query('begin');
      await holder.query(`lock table ${table} in access exclusive mode`);
      const holderPid = (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const waiting: Promise<unknown>[] = [];
      for (let i = 0; i < 3; i++) {
        const waiter = await connect(server.superuserUrl, { application_name: 'alerts-waiter' });
        waiters.push(waiter);
        waiting.push(waiter.query(`select count(*) from ${table}`).catch(() => undefined));
      }
      watch(clusterId, { lockChainWaiters: 2, lockWaitSeconds: 1 });
      const chain = await eventually(
        async () => (await stored(clusterId)).filter(involving(holderPid)),
        (alerts) => alerts.some((a) => a.rule === 'lock_chain') && alerts.some((a) => a.rule === 'lock_wait'),
      );
      for (const alert of chain) {
        expect(alert.sessions[0]!.pid).toBe(holderPid);
        expect(alert.sessions).toHaveLength(4);
        expect(new URL(alert.path, 'https://x.test').searchParams.get('detail')).toMatch(new RegExp(`^${holderPid}@`));
      }
      expect(chain.find((a) => a.rule === 'lock_chain')!.detail).toMatch(
        new RegExp(`^pid ${holderPid} \\(.*alerts-holder\\) holds up 3 sessions \\(more than 2\\)`),
      );
      expect(chain.find((a) => a.rule === 'lock_wait')!.detail).toMatch(/^3 sessions waiting on a lock held by pid/);

      await holder.query('commit');
      await Promise.all(waiting);
      await eventually(
        async () => (await stored(clusterId)).filter(involving(holderPid)),
        (alerts) => alerts.length === 2 && alerts.every((alert) => alert.resolved_at !== null),
      );
    } finally {
      await Promise.all([holder, ...waiters].map((client) => client.end().catch(() => {})));
      await withClient(server.superuserUrl, (client) => client.query(`drop table ${table}`));
    }
  });

  describe('on a server of its own', () => {
    let own: EmbeddedPostgresHandle;
    const settings = {
      dataDir: path.join('.pgwarden', `test-alerts-${process.pid}`, 'pg18'),
      password: randomBytes(18).toString('base64url'),
      port: 0,
      maxConnections: 20,
    };

    beforeAll(async () => {
      settings.port = await findFreePort(56420);
      own = await startEmbeddedPostgres(settings);
    }, 60_000);
    afterAll(async () => {
      await own?.stop();
    });

    it('connections opens when the connections reach the percentage, unreachable when the cluster stops; both resolve', async () => {
      const clusterId = uniqueId('own');
      watch(clusterId, { connectionsPercent: 50, unreachableSeconds: 1 }, { url: own.url() });
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await stored(clusterId)).toEqual([]);

      const crowd = await Promise.all(Array.from({ length: 10 }, () => connect(own.url())));
      const [full] = await eventually(
        () => stored(clusterId, 'connections'),
        (alerts) => alerts.length === 1,
      );
      expect(full!.detail).toMatch(/^1\d of 20 connections in use \(\d+%, alert at 50%\)$/);
      await Promise.all(crowd.map((client) => client.end()));
      await eventually(
        () => stored(clusterId, 'connections'),
        (alerts) => alerts[0]?.resolved_at !== null,
      );

      await own.stop();
      const [down] = await eventually(
        () => stored(clusterId, 'unreachable'),
        (alerts) => alerts.length === 1,
        20_000,
      );
      expect(down!.detail).toMatch(/^cannot be reached for \d+ s \(over 1 s\): /);
      expect(down!.resolved_at).toBeNull();
      expect(eventsFor(down!.id, 'alert_opened')).toHaveLength(1);

      own = await startEmbeddedPostgres(settings);
      expect(own.port).toBe(settings.port);
      await eventually(
        () => stored(clusterId, 'unreachable'),
        (alerts) => alerts[0]?.resolved_at !== null,
        20_000,
      );
      expect(await stored(clusterId, 'connections')).toHaveLength(1);
    }, 90_000);
  });
});

describe('several evaluators on one state database', () => {
  it('open one alert, not two, even when both evaluate the same condition at once', async () => {
    const clusterId = uniqueId('twice');
    watch(clusterId, { queryRunningSeconds: 1 });
    watch(clusterId, { queryRunningSeconds: 1 });
    const session = await openBusySession(app.url, { applicationName: 'alerts-twice', sql: 'select pg_sleep(60)' });
    try {
      const [alert] = await eventually(
        async () => (await stored(clusterId)).filter(involving(session.pid)),
        (alerts) => alerts.length > 0,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect((await stored(clusterId)).filter(involving(session.pid))).toHaveLength(1);
      expect(eventsFor(alert!.id, 'alert_opened')).toHaveLength(1);
      await session.close();
      await eventually(
        async () => (await stored(clusterId)).filter(involving(session.pid)),
        (alerts) => alerts.length === 1 && alerts[0]!.resolved_at !== null,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(eventsFor(alert!.id, 'alert_resolved')).toHaveLength(1);
    } finally {
      await session.close();
    }
  });

  it('behind two leader elections, one instance evaluates; the other takes the alert over when the leader stops', async () => {
    const clusterId = uniqueId('leader');
    const elections = ['a', 'b'].map(
      (name) =>
        new LeaderElection({
          stateDatabaseUrl: stateUrl,
          clusterIds: [clusterId],
          intervalMs: 250,
          applicationName: `pgwarden-leader-alerts ${name}`,
        }),
    );
    for (const election of elections) {
      election.start();
      cleanups.push(() => election.stop());
    }
    for (const election of elections)
      watch(clusterId, { queryRunningSeconds: 1 }, { leads: () => election.isLeader(clusterId) });
    await eventually(
      async () => elections.filter((election) => election.isLeader(clusterId)).length,
      (leaders) => leaders === 1,
    );
    const session = await openBusySession(app.url, { applicationName: 'alerts-leader', sql: 'select pg_sleep(60)' });
    try {
      const [alert] = await eventually(
        async () => (await stored(clusterId)).filter(involving(session.pid)),
        (alerts) => alerts.length > 0,
      );
      const leader = elections.find((election) => election.isLeader(clusterId))!;
      const follower = elections.find((election) => election !== leader)!;
      await leader.stop();
      await eventually(
        async () => follower.isLeader(clusterId),
        (leads) => leads,
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await stored(clusterId)).filter(involving(session.pid))).toEqual([
        expect.objectContaining({ id: alert!.id, resolved_at: null }),
      ]);
      await session.close();
      await eventually(
        async () => (await stored(clusterId)).filter(involving(session.pid)),
        (alerts) => alerts.length === 1 && alerts[0]!.resolved_at !== null,
      );
      expect(eventsFor(alert!.id, 'alert_opened')).toHaveLength(1);
      expect(eventsFor(alert!.id, 'alert_resolved')).toHaveLength(1);
    } finally {
      await session.close();
    }
  });
});

describe('acknowledging an alert', () => {
  async function token(role: 'viewer' | 'operator', clusters = ['main']): Promise<{ name: string; secret: string }> {
    const name = uniqueId(`alerts-${role}`);
    const { secret } = await createToken(await statePool(), { name, role, clusters, expiresIn: '1h' }, 'lead@test.dev');
    return { name, secret };
  }
  const as = (secret: string) => (request.headers = new Headers({ authorization: `Bearer ${secret}` }));

  it('is for operators: stored with who and when, audited, shown to viewers, notified once', async () => {
    watch('main', { queryRunningSeconds: 1 });
    const session = await openBusySession(app.url, { applicationName: 'alerts-ack', sql: 'select pg_sleep(60)' });
    try {
      const [alert] = await eventually(
        async () => (await stored('main')).filter(involving(session.pid)),
        (alerts) => alerts.length === 1,
      );
      const viewer = await token('viewer');
      const operator = await token('operator');
      const second = await token('operator');
      const elsewhere = await token('operator', ['other']);

      as(viewer.secret);
      expect(await acknowledgeAlert({ clusterId: 'main', alertId: alert!.id })).toMatchObject({
        ok: false,
        code: 'forbidden',
        message: expect.stringContaining('needs operator'),
      });
      as(elsewhere.secret);
      expect(await acknowledgeAlert({ clusterId: 'main', alertId: alert!.id })).toMatchObject({ code: 'forbidden' });
      as(operator.secret);
      expect(await acknowledgeAlert({ clusterId: 'main', alertId: 'abc' })).toMatchObject({ code: 'invalid_input' });
      expect(await acknowledgeAlert({ clusterId: 'main', alertId: '999999999' })).toMatchObject({ code: 'not_found' });
      expect((await stored('main')).find((row) => row.id === alert!.id)!.acknowledged_by).toBeNull();

      const acknowledged = await acknowledgeAlert({ clusterId: 'main', alertId: alert!.id });
      expect(acknowledged).toMatchObject({
        ok: true,
        data: { alert: { id: alert!.id, acknowledgedBy: { email: `token:${operator.name}` } } },
      });
      const row = (await stored('main')).find((candidate) => candidate.id === alert!.id)!;
      expect(row.acknowledged_by).toBe(`token:${operator.name}`);
      expect(row.acknowledged_at).toBeInstanceOf(Date);

      // A second acknowledgement keeps the first one's who and when.
      as(second.secret);
      const again = await acknowledgeAlert({ clusterId: 'main', alertId: alert!.id });
      expect(again.ok && again.data.alert.acknowledgedBy?.email).toBe(`token:${operator.name}`);
      expect(eventsFor(alert!.id, 'alert_acknowledged')).toEqual([
        expect.objectContaining({
          alert: expect.objectContaining({ acknowledgedBy: { email: `token:${operator.name}`, name: null } }),
        }),
      ]);

      const audited = await withClient(stateUrl, async (client) => {
        const { rows } = await client.query<{
          actor_email: string | null;
          actor_role: string | null;
          actor_token_creator: string | null;
          cluster_id: string | null;
          outcome: string;
          detail: Record<string, unknown>;
          target_pid: number | null;
        }>(
          `select actor_email, actor_role, actor_token_creator, cluster_id, outcome, detail, target_pid
             from audit_log where action = 'acknowledge_alert' order by id`,
        );
        return rows;
      });
      expect(audited).toEqual([
        expect.objectContaining({ actor_email: `token:${viewer.name}`, actor_role: 'viewer', outcome: 'refused' }),
        expect.objectContaining({ actor_email: `token:${elsewhere.name}`, actor_role: null, outcome: 'refused' }),
        expect.objectContaining({ cluster_id: null, outcome: 'refused', detail: { alertId: null } }),
        expect.objectContaining({ cluster_id: 'main', outcome: 'refused', detail: { alertId: '999999999' } }),
        {
          actor_email: `token:${operator.name}`,
          actor_role: 'operator',
          actor_token_creator: 'lead@test.dev',
          cluster_id: 'main',
          outcome: 'done',
          detail: expect.objectContaining({ alertId: alert!.id, rule: 'query_running', alreadyAcknowledgedBy: null }),
          target_pid: session.pid,
        },
        expect.objectContaining({
          actor_email: `token:${second.name}`,
          outcome: 'done',
          detail: expect.objectContaining({ alreadyAcknowledgedBy: `token:${operator.name}` }),
        }),
      ]);

      as(viewer.secret);
      const listed = await listClusterAlerts({ clusterId: 'main' });
      expect(listed.ok && listed.data.alerts.find((candidate) => candidate.id === alert!.id)).toMatchObject({
        acknowledgedBy: { email: `token:${operator.name}` },
        acknowledgedAt: row.acknowledged_at!.toISOString(),
        resolvedAt: null,
      });
      const fleet = await listOpenAlerts();
      expect(fleet.ok && fleet.data.alerts.map((candidate) => candidate.id)).toContain(alert!.id);
      as(elsewhere.secret);
      expect(await listClusterAlerts({ clusterId: 'main' })).toMatchObject({ code: 'forbidden' });
    } finally {
      await session.close();
    }
  });
});
