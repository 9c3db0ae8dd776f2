import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, useTestConfig } from '@/test/pgwarden-config';
import {
  backendIsAlive,
  createRole,
  openBusySession,
  testServers,
  withClient,
  withUrl,
  type TestRole,
} from '@/test/servers';
import { signedIn } from '@/test/signed-in';
import { startWebhookReceiver, type WebhookReceiverHandle } from '@/test/webhook-receiver';

// Only who is signed in is stubbed (next-auth needs a request); PostgreSQL, the outbox and the receiver are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { signalSessions } = await import('./signals');
const { startWebhookNotifications, stopWebhookNotifications } = await import('@/lib/notify/webhook/start-webhooks');

const server = testServers()[0]!;
const stateDb = `pgwarden_state_notify_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(server.superuserUrl, { database: stateDb });
const SLOW_MS = 10_000;
let monitor: TestRole;
let app: TestRole;
let hook: WebhookReceiverHandle;

beforeAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`create database ${stateDb}`));
  monitor = await createRole(server.superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
  app = await createRole(server.superuserUrl);
  hook = await startWebhookReceiver();
  useTestConfig('signals-notify', {
    clusters: [{ id: 'main', url: monitor.url }],
    stateDatabaseUrl: stateUrl,
    // The origin test/own-origin-headers.ts sends, so the signal passes the Origin check.
    publicUrl: 'http://pgwarden.test',
    // One delivery at a time and a timeout above the receiver's 10 s: the worker is stuck on the slow receiver.
    notifications: {
      receivers: [{ id: 'oncall', url: hook.url, secret: randomBytes(32).toString('hex'), events: ['signal'] }],
      delivery: { concurrency: 1, timeoutMs: 15_000 },
    },
    roles: [{ role: 'operator', email: 'oncall@test.dev' }],
  });
  signedIn.identity = { email: 'oncall@test.dev', name: 'On call', groups: [], provider: 'local' };
  startWebhookNotifications();
});
afterAll(async () => {
  await stopWebhookNotifications();
  const { closeStatePool } = await import('@/lib/state/state-db');
  const { closeAllPools } = await import('@/lib/pg/pools');
  const { stopAllSamplers } = await import('@/lib/sessions/sampler');
  stopAllSamplers();
  await closeStatePool();
  await closeAllPools();
  await hook.close();
  await monitor.drop();
  await app.drop();
  await withClient(server.superuserUrl, (client) => client.query(`drop database if exists ${stateDb} with (force)`));
});

async function timedTerminate() {
  const session = await openBusySession(app.url, { sql: 'select pg_sleep(120) /* notify-test */' });
  const target = { pid: session.pid, backendStart: session.backendStart };
  const started = performance.now();
  const result = await signalSessions({ clusterId: 'main', action: 'terminate', targets: [target], timeoutMs: 5000 });
  const ms = performance.now() - started;
  expect(result).toMatchObject({ ok: true, data: { results: [{ pid: session.pid, outcome: 'terminated' }] } });
  expect(await backendIsAlive(server.superuserUrl, session.pid)).toBe(false);
  await session.close();
  return { ms, target };
}

describe('a terminate notifies the receivers', () => {
  it('publishes who, what and the outcome, with a link to the session, without waiting for a slow receiver', async () => {
    // Warm-up: pools, migrations and the first statements, so the two measured terminates compare like with like.
    hook.respond = () => ({ status: 200 });
    const quick = await timedTerminate();
    await eventually(
      async () => hook.received.length,
      (count) => count === 1,
    );

    hook.respond = () => ({ status: 200, delayMs: SLOW_MS });
    const first = await timedTerminate();
    // The worker now waits on the receiver, which holds the answer for 10 s.
    await eventually(
      async () => hook.received.length,
      (count) => count === 2,
    );
    const second = await timedTerminate();
    console.info(
      `terminate: ${quick.ms.toFixed(0)} ms with a quick receiver; ${first.ms.toFixed(0)} ms and ${second.ms.toFixed(0)} ms with a 10 s one`,
    );
    expect(first.ms).toBeLessThan(2000);
    expect(second.ms).toBeLessThan(2000);
    expect(second.ms).toBeLessThan(SLOW_MS / 5);

    const body = JSON.parse(hook.received[1]!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'signal',
      clusterId: 'main',
      action: 'terminate',
      actor: { email: 'oncall@test.dev', name: 'On call' },
      targets: [
        {
          session: { pid: first.target.pid, backendStart: first.target.backendStart },
          outcome: 'terminated',
          auditPath: expect.stringMatching(/^\/audit\?id=\d+#audit-\d+$/),
        },
      ],
    });
    const url = new URL(String(body.url));
    expect(url.origin + url.pathname).toBe('http://pgwarden.test/clusters/main/sessions');
    expect(url.searchParams.get('detail')).toBe(`${first.target.pid}@${first.target.backendStart}`);
    // The third message waits its turn behind the slow one, and still arrives.
    await eventually(
      async () => hook.received.length,
      (count) => count === 3,
      15_000,
    );
  }, 60_000);
});
