// Where producers hand over notifications. A sink (the webhook outbox) registers at start; with none registered
// (no receivers configured) publishing does nothing. A failing sink is logged, never thrown: a notification must
// not fail or delay the sample or signal that caused it beyond queueing it.
import 'server-only';
import { log } from '@/lib/log/logger';
import type { NotificationEvent } from './notification-event';

export interface NotificationSink {
  name: string;
  /** Resolves once the event is safely queued (not delivered). */
  enqueue(event: NotificationEvent): Promise<void>;
}

interface SinkRegistry {
  sinks: Map<string, NotificationSink>;
}

const registry: SinkRegistry = ((
  globalThis as { __pgwardenNotificationSinks?: SinkRegistry }
).__pgwardenNotificationSinks ??= { sinks: new Map() });

export function registerNotificationSink(sink: NotificationSink): () => void {
  registry.sinks.set(sink.name, sink);
  return () => {
    if (registry.sinks.get(sink.name) === sink) registry.sinks.delete(sink.name);
  };
}

/** Queues the event in every sink; resolves true when every sink took it. */
export async function publishNotification(event: NotificationEvent): Promise<boolean> {
  const results = await Promise.all(
    [...registry.sinks.values()].map(async (sink) => {
      try {
        await sink.enqueue(event);
        return true;
      } catch (error) {
        log.error(
          { event: 'notification_not_queued', cluster: event.clusterId, type: event.type, sink: sink.name, err: error },
          'a notification could not be queued',
        );
        return false;
      }
    }),
  );
  return results.every(Boolean);
}
