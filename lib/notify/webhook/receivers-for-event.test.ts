import { describe, expect, it } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import type { NotificationEvent } from '../notification-event';
import { nextStep, retryWaitMs } from './delivery-worker';
import { memoryOutboxStore } from './memory-outbox-store';
import { receiversFor } from './receivers-for-event';
import { renderWebhookBody } from './webhook-body';

const secret = 's'.repeat(32);
const { notifications } = configSchema.parse({
  clusters: [
    { id: 'prod', url: 'postgres://m@db/postgres' },
    { id: 'staging', url: 'postgres://m@db2/postgres' },
  ],
  notifications: {
    receivers: [
      { id: 'all', url: 'https://a.example/h', secret, events: ['alert_opened', 'signal'] },
      { id: 'prod-signals', url: 'https://b.example/h', secret, events: ['signal'], clusters: ['prod'] },
      { id: 'team-db', url: 'https://c.example/h', secret, events: [] },
    ],
  },
});

const base = { at: '2026-12-01T10:00:00Z', path: '/clusters/staging/sessions', summary: 'x' };
const signal: NotificationEvent = {
  ...base,
  type: 'signal',
  clusterId: 'staging',
  actor: { email: 'a@b.c', name: null },
  action: 'cancel',
  targets: [],
};
const session = {
  pid: 1,
  backendStart: null,
  user: null,
  database: null,
  applicationName: '',
  state: null,
  query: null,
  queryAgeMs: null,
  xactAgeMs: null,
  stateAgeMs: null,
};

describe('who gets an event', () => {
  const ids = (event: NotificationEvent) => receiversFor(notifications.receivers, event).map((r) => r.id);

  it('goes by event type and cluster', () => {
    expect(ids(signal)).toEqual(['all']);
    expect(ids({ ...signal, clusterId: 'prod' })).toEqual(['all', 'prod-signals']);
  });

  it('sends an ask_owner message only to the receiver it names, whatever that one subscribes to', () => {
    const ask: NotificationEvent = {
      ...base,
      type: 'ask_owner',
      clusterId: 'prod',
      receiverId: 'team-db',
      team: 'db',
      sender: { email: 'a@b.c', name: null },
      note: 'please',
      session,
    };
    expect(ids(ask)).toEqual(['team-db']);
    expect(ids({ ...ask, receiverId: 'gone' })).toEqual([]);
  });
});

describe('retry schedule', () => {
  const delivery = { ...notifications.delivery, firstRetryMs: 5000, maxAttempts: 10, giveUpAfterMinutes: 60 };
  const claimed = {
    id: '1',
    deliveryId: 'd',
    receiverId: 'all',
    eventType: 'signal',
    body: '{}',
    attempts: 0,
    ageMs: 0,
  };
  const failed = { durationMs: 10, httpStatus: 500, error: null };

  it('doubles the wait from firstRetryMs, capped at 10 minutes', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map((made) => retryWaitMs(5000, made))).toEqual([
      5000, 10_000, 20_000, 40_000, 600_000, 600_000, 600_000,
    ]);
  });

  it('delivers on 2xx, retries otherwise, gives up at maxAttempts or past giveUpAfterMinutes', () => {
    expect(nextStep(claimed, { ...failed, httpStatus: 204 }, delivery)).toEqual({
      state: 'delivered',
      retryInMs: null,
    });
    expect(nextStep(claimed, { ...failed, httpStatus: 302 }, delivery)).toEqual({ state: 'queued', retryInMs: 5000 });
    expect(nextStep({ ...claimed, attempts: 9 }, failed, delivery).state).toBe('given_up');
    expect(nextStep({ ...claimed, attempts: 3, ageMs: 59.5 * 60_000 }, failed, delivery).state).toBe('given_up');
    expect(nextStep({ ...claimed, attempts: 3, ageMs: 58 * 60_000 }, failed, delivery)).toEqual({
      state: 'queued',
      retryInMs: 40_000,
    });
  });
});

describe('the in-memory outbox', () => {
  it('keeps at most its limit of waiting messages, dropping the oldest and saying so', async () => {
    const dropped: string[] = [];
    const store = memoryOutboxStore({ limit: () => 10, onDropped: (delivery) => dropped.push(delivery.deliveryId) });
    for (let index = 0; index < 12; index++) {
      await store.add([
        { deliveryId: `d${index}`, receiverId: 'all', eventType: 'signal', clusterId: 'prod', summary: '', body: '{}' },
      ]);
    }
    expect(dropped).toEqual(['d0', 'd1']);
    const claimed = await store.claimDue(100, 60_000);
    expect(claimed.map((item) => item.deliveryId)).toEqual([
      'd2',
      'd3',
      'd4',
      'd5',
      'd6',
      'd7',
      'd8',
      'd9',
      'd10',
      'd11',
    ]);
    // Claimed ones are not handed out again until settled or the lease ends.
    expect(await store.claimDue(100, 60_000)).toEqual([]);
    await store.settle(
      claimed[0]!,
      { durationMs: 5, httpStatus: 200, error: null },
      { state: 'delivered', retryInMs: null },
    );
    const [latest] = await store.recent({ clusters: ['prod'], limit: 1 });
    expect(latest).toMatchObject({ deliveryId: 'd11', state: 'queued' });
    const recent = await store.recent({ clusters: ['prod'], limit: 100 });
    expect(recent.find((item) => item.deliveryId === 'd2')).toMatchObject({
      state: 'delivered',
      attempts: [{ attempt: 1, httpStatus: 200 }],
    });
    expect(await store.recent({ clusters: ['staging'], limit: 100 })).toEqual([]);
  });
});

describe('bodies', () => {
  it('make the path absolute with the public origin, and leave url null without one', () => {
    expect(JSON.parse(renderWebhookBody('json', signal, 'd1', 'https://pg.example'))).toMatchObject({
      id: 'd1',
      url: 'https://pg.example/clusters/staging/sessions',
    });
    expect(JSON.parse(renderWebhookBody('json', signal, 'd1', null))).toMatchObject({ url: null });
    const slack = JSON.parse(renderWebhookBody('slack', { ...signal, summary: 'a <b> & c' }, 'd1', null)) as {
      text: string;
    };
    expect(slack.text).toBe('a &lt;b&gt; &amp; c pgwarden path: /clusters/staging/sessions');
  });
});
