// The webhook outbox as the sink and the delivery worker see it: the state database's tables, or a bounded
// in-memory queue when pgwarden runs without a state database.

export type DeliveryState = 'queued' | 'delivered' | 'given_up';

/** One event for one receiver, its body already rendered (every retry sends the same bytes). */
export interface NewDelivery {
  deliveryId: string;
  receiverId: string;
  eventType: string;
  clusterId: string | null;
  summary: string;
  body: string;
}

export interface ClaimedDelivery {
  id: string;
  deliveryId: string;
  receiverId: string;
  eventType: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  /** How long ago the event was queued (by the store's clock). */
  ageMs: number;
}

export interface AttemptRecord {
  durationMs: number;
  httpStatus: number | null;
  error: string | null;
}

export interface AttemptView extends AttemptRecord {
  attempt: number;
  startedAt: string;
}

export interface DeliveryView {
  deliveryId: string;
  receiverId: string;
  eventType: string;
  clusterId: string | null;
  summary: string;
  createdAt: string;
  state: DeliveryState;
  nextAttemptAt: string | null;
  attempts: AttemptView[];
}

export interface OutboxStore {
  add(deliveries: NewDelivery[]): Promise<void>;
  /** Takes up to `limit` due deliveries; none is handed out again before `leaseMs` unless settled. */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Records the attempt; `retryInMs` is set when the delivery stays queued. */
  settle(
    claimed: ClaimedDelivery,
    attempt: AttemptRecord,
    next: { state: DeliveryState; retryInMs: number | null },
  ): Promise<void>;
  /** Newest first; `clusters` null means all (deliveries of no cluster are shown only then). */
  recent(filter: { clusters: string[] | null; limit: number }): Promise<DeliveryView[]>;
  /** Forgets finished deliveries older than the retention. */
  prune(retentionDays: number): Promise<void>;
}
