import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type PgwardenConfig } from '@/lib/config/schema';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { eventually } from '@/test/pgwarden-config';
import { testServers, withClient, withUrl } from '@/test/servers';
import { startWebhookReceiver, type WebhookReceiverHandle } from '@/test/webhook-receiver';
import type { NotificationEvent } from '../notification-event';
import { startDeliveryWorker, type DeliveryWorker } from './delivery-worker';
import { pgOutboxStore } from './pg-outbox-store';
import { webhookSink } from './webhook-sink';

const server = testServers()[0]!;
const stateDb = `pgwarden_state_webhooks_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(server.superuserUrl, { database: stateDb });
const SECRET = randomBytes(32).toString('hex');
const pools: pg.Pool[] = [];
const workers: DeliveryWorker[] = [];
const receivers: WebhookReceiverHandle[] = [];

type Verify = (secret: string, header: string, body: string, toleranceSeconds?: number) => boolean;

/** The README's verification recipe, run as written. */
async function readmeVerifier(): Promise<Verify> {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### Verifying a webhook'));
  const code = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README has no ```js block under "### Verifying a webhook"');
  mkdirSync('.pgwarden/test', { recursive: true });
  const file = path.resolve(`.pgwarden/test/verify-${randomBytes(4).toString('hex')}.mjs`);
  writeFileSync(file, code);
  return ((await import(/* @vite-ignore */ file)) as { verifyPgwardenSignature: Verify }).verifyPgwardenSignature;
}

function configWith(url: string, delivery: object, format: 'json' | 'slack' = 'json'): PgwardenConfig {
  return configSchema.parse({
    clusters: [{ id: 'main', url: 'postgres://monitor@db.internal/postgres' }],
    publicUrl: 'https://pgwarden.example',
    notifications: {
      receivers: [{ id: 'oncall', url, secret: SECRET, events: ['signal'], format }],
      delivery,
    },
  });
}

/** A store and worker on their own pool, as one pgwarden instance would have them. */
function instance(config: PgwardenConfig) {
  const pool = createStatePool(stateUrl);
  pools.push(pool);
  const store = pgOutboxStore(async () => pool);
  const worker = startDeliveryWorker({ store, settings: () => config.notifications });
  workers.push(worker);
  const sink = webhookSink({ store, config: () => config, queued: () => worker.wake() });
  return { store, worker, sink };
}

function signalEvent(pid: number): NotificationEvent {
  return {
    type: 'signal',
    clusterId: 'main',
    at: new Date().toISOString(),
    path: `/clusters/main/sessions?detail=${pid}`,
    summary: `ops@test.dev terminated 1 of 1 session(s) on main`,
    actor: { email: 'ops@test.dev', name: null },
    action: 'terminate',
    targets: [],
  };
}

async function receiver(): Promise<WebhookReceiverHandle> {
  const started = await startWebhookReceiver();
  receivers.push(started);
  return started;
}

async function attemptsOf(deliveryId: string) {
  return withClient(stateUrl, async (client) => {
    const { rows } = await client.query<{
      state: string;
      attempts: number;
      http_status: number | null;
      error: string | null;
    }>(
      `select o.state, o.attempts, a.http_status, a.error from notification_outbox o
         join notification_attempts a on a.outbox_id = o.id where o.delivery_id = $1 order by a.attempt`,
      [deliveryId],
    );
    return rows;
  });
}

beforeAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`create database ${stateDb}`));
  const pool = createStatePool(stateUrl);
  await migrate(pool);
  await pool.end();
});
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
  for (const pool of pools.splice(0)) await pool.end();
  for (const started of receivers.splice(0)) await started.close();
});
afterAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`drop database if exists ${stateDb} with (force)`));
});

describe('webhook delivery through the state database outbox', () => {
  it('signs the body so that the README recipe verifies it, and links to the public URL', async () => {
    const hook = await receiver();
    const { sink } = instance(configWith(hook.url, {}));
    await sink.enqueue(signalEvent(101));
    await eventually(
      async () => hook.received.length,
      (count) => count === 1,
    );
    const [request] = hook.received;
    const verify = await readmeVerifier();
    const signature = String(request!.headers['x-pgwarden-signature']);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verify(SECRET, signature, request!.body)).toBe(true);
    expect(verify(SECRET, signature, request!.body.replace('101', '102'))).toBe(false);
    expect(verify('another-secret-of-at-least-32-characters', signature, request!.body)).toBe(false);
    // A replay outside the tolerance is refused even with a valid signature.
    expect(verify(SECRET, signature, request!.body, -1)).toBe(false);
    const body = JSON.parse(request!.body) as { id: string; type: string; url: string };
    expect(request!.headers['x-pgwarden-event']).toBe('signal');
    expect(request!.headers['x-pgwarden-delivery']).toBe(body.id);
    expect(body).toMatchObject({ type: 'signal', url: 'https://pgwarden.example/clusters/main/sessions?detail=101' });
  });

  it('sends a Slack body with the deep link for format "slack"', async () => {
    const hook = await receiver();
    const { sink } = instance(configWith(hook.url, {}, 'slack'));
    await sink.enqueue(signalEvent(103));
    await eventually(
      async () => hook.received.length,
      (count) => count === 1,
    );
    const body = JSON.parse(hook.received[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toContain('<https://pgwarden.example/clusters/main/sessions?detail=103|Open in pgwarden>');
    expect(JSON.stringify(body.blocks)).toContain('"url":"https://pgwarden.example/clusters/main/sessions?detail=103"');
  });

  it('retries after a 500 and records each attempt with its status', async () => {
    const hook = await receiver();
    hook.respond = (index) => ({ status: index === 0 ? 500 : 200 });
    const { sink } = instance(configWith(hook.url, { firstRetryMs: 300 }));
    await sink.enqueue(signalEvent(104));
    await eventually(
      async () => hook.received.length,
      (count) => count === 2,
    );
    const deliveryId = String(hook.received[0]!.headers['x-pgwarden-delivery']);
    expect(hook.received[1]!.headers['x-pgwarden-delivery']).toBe(deliveryId);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    expect(hook.received[1]!.receivedAt - hook.received[0]!.receivedAt).toBeGreaterThanOrEqual(250);
    const attempts = await eventually(
      () => attemptsOf(deliveryId),
      (rows) => rows.length === 2 && rows[0]!.state === 'delivered',
    );
    expect(attempts.map((row) => row.http_status)).toEqual([500, 200]);
  });

  it('gives up after maxAttempts, and records a timeout as an error', async () => {
    const hook = await receiver();
    hook.respond = (index) => (index === 0 ? { status: 200, delayMs: 2000 } : { status: 503 });
    const { sink } = instance(configWith(hook.url, { maxAttempts: 3, firstRetryMs: 100, timeoutMs: 300 }));
    await sink.enqueue(signalEvent(105));
    await eventually(
      async () => hook.received.length,
      (count) => count === 3,
    );
    const deliveryId = String(hook.received[0]!.headers['x-pgwarden-delivery']);
    const attempts = await eventually(
      () => attemptsOf(deliveryId),
      (rows) => rows.length === 3 && rows[0]!.state === 'given_up',
    );
    expect(attempts.map((row) => [row.http_status, row.error])).toEqual([
      [null, 'no answer within 300 ms'],
      [503, null],
      [503, null],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hook.received).toHaveLength(3);
  });

  it('gives up when the next attempt would fall after giveUpAfterMinutes', async () => {
    const hook = await receiver();
    hook.respond = () => ({ status: 500 });
    // 0.01 minutes = 600 ms: attempts at 0, 200 and 600 ms would pass it; the third is never made.
    const { sink } = instance(configWith(hook.url, { giveUpAfterMinutes: 0.01, firstRetryMs: 200 }));
    await sink.enqueue(signalEvent(106));
    await eventually(
      async () => hook.received.length,
      (count) => count === 2,
    );
    const deliveryId = String(hook.received[0]!.headers['x-pgwarden-delivery']);
    await eventually(
      () => attemptsOf(deliveryId),
      (rows) => rows.length === 2 && rows[0]!.state === 'given_up',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(hook.received).toHaveLength(2);
  });

  it('two instances on one outbox deliver each message once', async () => {
    const hook = await receiver();
    hook.respond = () => ({ status: 200, delayMs: 50 });
    const config = configWith(hook.url, { concurrency: 3 });
    const first = instance(config);
    const second = instance(config);
    for (let index = 0; index < 30; index++) {
      await (index % 2 ? first : second).sink.enqueue(signalEvent(200 + index));
      // Both look for work after every message, so they race for the same rows.
      first.worker.wake();
      second.worker.wake();
    }
    await eventually(
      async () => hook.received.length,
      (count) => count >= 30,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const ids = hook.received.map((request) => String(request.headers['x-pgwarden-delivery']));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const rows = await withClient(stateUrl, async (client) => {
      const result = await client.query<{ state: string; attempts: number }>(
        'select state, attempts from notification_outbox where delivery_id = any($1::uuid[])',
        [ids],
      );
      return result.rows;
    });
    expect(rows).toHaveLength(30);
    expect(rows.every((row) => row.state === 'delivered' && row.attempts === 1)).toBe(true);
  });
});
