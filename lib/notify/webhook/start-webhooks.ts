// Starts webhook notifications once per process (instrumentation.ts): the sink producers publish into, and the
// delivery worker. The outbox is the state database when one is configured, else a bounded in-memory queue.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import { log } from '@/lib/log/logger';
import { countWebhookDelivery } from '@/lib/metrics/counters';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';
import { registerNotificationSink } from '../publish';
import { startDeliveryWorker, type DeliveryWorker } from './delivery-worker';
import { memoryOutboxStore } from './memory-outbox-store';
import type { OutboxStore } from './outbox-store';
import { pgOutboxStore } from './pg-outbox-store';
import { webhookSink } from './webhook-sink';

const PRUNE_EVERY_MS = 60 * 60_000;

interface WebhookRuntime {
  store: OutboxStore;
  worker: DeliveryWorker;
  unregister: () => void;
  pruneTimer: NodeJS.Timeout;
}

// On globalThis: instrumentation and the pages are separate bundles of one process and must share one outbox.
const holder = globalThis as { __pgwardenWebhooks?: WebhookRuntime };

function createStore(): OutboxStore {
  if (getConfig().stateDatabaseUrl) return pgOutboxStore(statePool);
  return memoryOutboxStore({
    limit: () => getConfig().notifications.delivery.memoryQueueLimit,
    onDropped: (delivery) => {
      countWebhookDelivery(delivery.receiverId, 'dropped');
      log.warn(
        {
          event: 'webhook_dropped',
          receiver: delivery.receiverId,
          cluster: delivery.clusterId,
          type: delivery.eventType,
        },
        'the in-memory webhook queue is full: the oldest waiting message was dropped (configure a state database to keep them)',
      );
    },
  });
}

export function startWebhookNotifications(): OutboxStore {
  if (holder.__pgwardenWebhooks) return holder.__pgwardenWebhooks.store;
  const store = createStore();
  const worker = startDeliveryWorker({
    store,
    settings: () => getConfig().notifications,
    onResult: (receiver, result, attempt) => {
      countWebhookDelivery(receiver, result);
      if (result === 'delivered') return;
      log.warn(
        { event: `webhook_${result}`, receiver, status: attempt.httpStatus, reason: attempt.error },
        result === 'given_up' ? 'a webhook message was given up' : 'a webhook delivery failed; it will be retried',
      );
    },
    onError: (error) =>
      log.error(
        { event: 'webhook_outbox_unavailable', reason: describePgError(error) },
        'webhook messages wait in the outbox until the state database answers again',
      ),
  });
  const unregister = registerNotificationSink(webhookSink({ store, config: getConfig, queued: () => worker.wake() }));
  const pruneTimer = setInterval(() => {
    store.prune(getConfig().historyRetentionDays).catch(() => {});
  }, PRUNE_EVERY_MS);
  pruneTimer.unref();
  holder.__pgwardenWebhooks = { store, worker, unregister, pruneTimer };
  return store;
}

/** The outbox the admin page reads (starting notifications if nothing has yet). */
export function webhookOutbox(): OutboxStore {
  return holder.__pgwardenWebhooks?.store ?? startWebhookNotifications();
}

/** Stops the worker and unregisters the sink (tests, shutdown). */
export async function stopWebhookNotifications(): Promise<void> {
  const running = holder.__pgwardenWebhooks;
  if (!running) return;
  holder.__pgwardenWebhooks = undefined;
  running.unregister();
  clearInterval(running.pruneTimer);
  await running.worker.stop();
}
