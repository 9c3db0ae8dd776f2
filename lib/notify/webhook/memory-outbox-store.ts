// The outbox without a state database: at most `limit` deliveries waiting (the oldest waiting one is dropped to make
// room, and reported), plus the last `limit` finished ones for the admin page. Everything here is lost on restart.
import type { AttemptView, ClaimedDelivery, DeliveryView, NewDelivery, OutboxStore } from './outbox-store';

interface Entry {
  view: DeliveryView;
  id: string;
  body: string;
  createdAtMs: number;
  dueAtMs: number;
}

export function memoryOutboxStore(options: {
  limit: () => number;
  onDropped: (delivery: DeliveryView) => void;
}): OutboxStore {
  // Oldest first; waiting and finished entries are bounded separately.
  const entries: Entry[] = [];
  let nextId = 1;

  function trim(): void {
    const limit = options.limit();
    const waiting = entries.filter((entry) => entry.view.state === 'queued');
    for (const dropped of waiting.slice(0, Math.max(0, waiting.length - limit))) {
      entries.splice(entries.indexOf(dropped), 1);
      options.onDropped(dropped.view);
    }
    const finished = entries.filter((entry) => entry.view.state !== 'queued');
    for (const old of finished.slice(0, Math.max(0, finished.length - limit))) entries.splice(entries.indexOf(old), 1);
  }

  return {
    async add(deliveries: NewDelivery[]) {
      const now = Date.now();
      for (const delivery of deliveries) {
        entries.push({
          id: String(nextId++),
          body: delivery.body,
          createdAtMs: now,
          dueAtMs: now,
          view: {
            deliveryId: delivery.deliveryId,
            receiverId: delivery.receiverId,
            eventType: delivery.eventType,
            clusterId: delivery.clusterId,
            summary: delivery.summary,
            createdAt: new Date(now).toISOString(),
            state: 'queued',
            nextAttemptAt: new Date(now).toISOString(),
            attempts: [],
          },
        });
      }
      trim();
    },
    async claimDue(limit, leaseMs) {
      const now = Date.now();
      const due = entries
        .filter((entry) => entry.view.state === 'queued' && entry.dueAtMs <= now)
        .sort((a, b) => a.dueAtMs - b.dueAtMs)
        .slice(0, limit);
      return due.map((entry): ClaimedDelivery => {
        entry.dueAtMs = now + leaseMs;
        return {
          id: entry.id,
          deliveryId: entry.view.deliveryId,
          receiverId: entry.view.receiverId,
          eventType: entry.view.eventType,
          body: entry.body,
          attempts: entry.view.attempts.length,
          ageMs: now - entry.createdAtMs,
        };
      });
    },
    async settle(claimed, attempt, next) {
      const entry = entries.find((candidate) => candidate.id === claimed.id);
      if (!entry) return;
      const now = Date.now();
      const view: AttemptView = {
        ...attempt,
        attempt: claimed.attempts + 1,
        startedAt: new Date(now - attempt.durationMs).toISOString(),
      };
      entry.view.attempts.push(view);
      entry.view.state = next.state;
      entry.dueAtMs = now + (next.retryInMs ?? 0);
      entry.view.nextAttemptAt = next.state === 'queued' ? new Date(entry.dueAtMs).toISOString() : null;
      trim();
    },
    async recent({ clusters, limit }) {
      return entries
        .filter(
          (entry) => clusters === null || (entry.view.clusterId !== null && clusters.includes(entry.view.clusterId)),
        )
        .slice(-limit)
        .reverse()
        .map((entry) => structuredClone(entry.view));
    },
    async prune() {
      // Bounded by `limit` already.
    },
  };
}
