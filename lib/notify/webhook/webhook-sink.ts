// The NotificationSink of webhooks: one outbox row per matching receiver, its body rendered and its delivery id
// chosen now, so that every retry is the same message.
import { randomUUID } from 'node:crypto';
import type { PgwardenConfig } from '@/lib/config/schema';
import { configuredOrigin } from '@/lib/http/request-origin';
import type { NotificationSink } from '../publish';
import type { OutboxStore } from './outbox-store';
import { receiversFor } from './receivers-for-event';
import { renderWebhookBody } from './webhook-body';

export const WEBHOOK_SINK_NAME = 'webhooks';

export function webhookSink(options: {
  store: OutboxStore;
  config: () => PgwardenConfig;
  queued: () => void;
}): NotificationSink {
  return {
    name: WEBHOOK_SINK_NAME,
    async enqueue(event) {
      const config = options.config();
      const receivers = receiversFor(config.notifications.receivers, event);
      if (receivers.length === 0) return;
      const origin = configuredOrigin(config);
      await options.store.add(
        receivers.map((receiver) => {
          const deliveryId = randomUUID();
          return {
            deliveryId,
            receiverId: receiver.id,
            eventType: event.type,
            clusterId: event.clusterId,
            summary: event.summary,
            body: renderWebhookBody(receiver.format, event, deliveryId, origin),
          };
        }),
      );
      options.queued();
    },
  };
}
