// Delivers what the outbox holds: at most `concurrency` POSTs at a time, each bounded by its timeout, retried with
// doubling waits until maxAttempts or giveUpAfterMinutes, then given up. It runs beside sampling and signalling on
// timers of its own, so a slow or dead receiver delays nothing but its own messages.
import type { DeliverySettings, WebhookReceiver } from '@/lib/config/schema';
import type { AttemptRecord, ClaimedDelivery, DeliveryState, OutboxStore } from './outbox-store';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from './webhook-signature';

/** No single wait between attempts is longer than this, however many attempts were made. */
export const MAX_RETRY_WAIT_MS = 10 * 60_000;
/** A claimed delivery is handed out again after its timeout plus this, in case the instance died mid-attempt. */
const LEASE_MARGIN_MS = 30_000;
const IDLE_POLL_MS = 1000;
const MAX_ERROR_LENGTH = 500;

export type DeliveryResult = 'delivered' | 'retried' | 'given_up';

export interface DeliveryWorkerOptions {
  store: OutboxStore;
  settings: () => { receivers: readonly WebhookReceiver[]; delivery: DeliverySettings };
  onResult?: (receiverId: string, result: DeliveryResult, attempt: AttemptRecord) => void;
  onError?: (error: unknown) => void;
}

export interface DeliveryWorker {
  /** Looks for due deliveries now (called after queueing). */
  wake(): void;
  stop(): Promise<void>;
}

export function retryWaitMs(firstRetryMs: number, attemptsMade: number): number {
  return Math.min(firstRetryMs * 2 ** Math.max(0, attemptsMade - 1), MAX_RETRY_WAIT_MS);
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const reason = failure.cause?.code ?? failure.cause?.message ?? failure.message ?? String(error);
  return `request failed: ${reason}`.slice(0, MAX_ERROR_LENGTH);
}

async function post(receiver: WebhookReceiver, claimed: ClaimedDelivery, timeoutMs: number): Promise<AttemptRecord> {
  const started = performance.now();
  try {
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'pgwarden-webhook',
        [SIGNATURE_HEADER]: signatureHeader(receiver.secret, claimed.body, Math.floor(Date.now() / 1000)),
        [EVENT_HEADER]: claimed.eventType,
        [DELIVERY_HEADER]: claimed.deliveryId,
      },
      body: claimed.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return { durationMs: performance.now() - started, httpStatus: response.status, error: null };
  } catch (error) {
    return { durationMs: performance.now() - started, httpStatus: null, error: describeFetchError(error, timeoutMs) };
  }
}

/** What follows an attempt: done, another try after a wait, or given up when the next try would pass a bound. */
export function nextStep(
  claimed: ClaimedDelivery,
  attempt: AttemptRecord,
  delivery: DeliverySettings,
): { state: DeliveryState; retryInMs: number | null } {
  if (attempt.httpStatus !== null && attempt.httpStatus >= 200 && attempt.httpStatus < 300) {
    return { state: 'delivered', retryInMs: null };
  }
  const made = claimed.attempts + 1;
  const wait = retryWaitMs(delivery.firstRetryMs, made);
  const tooLate = claimed.ageMs + attempt.durationMs + wait > delivery.giveUpAfterMinutes * 60_000;
  return made >= delivery.maxAttempts || tooLate
    ? { state: 'given_up', retryInMs: null }
    : { state: 'queued', retryInMs: wait };
}

export function startDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let claiming = false;
  let wokenWhileClaiming = false;
  // An unreachable state database fails every poll: report the first failure of a streak, not each second.
  let claimsFailing = false;
  let stopped = false;

  async function deliver(claimed: ClaimedDelivery): Promise<void> {
    const { receivers, delivery } = options.settings();
    const receiver = receivers.find((candidate) => candidate.id === claimed.receiverId);
    const attempt = receiver
      ? await post(receiver, claimed, delivery.timeoutMs)
      : { durationMs: 0, httpStatus: null, error: 'this receiver is no longer in the config' };
    const next = receiver ? nextStep(claimed, attempt, delivery) : { state: 'given_up' as const, retryInMs: null };
    await options.store.settle(claimed, attempt, next);
    options.onResult?.(claimed.receiverId, next.state === 'queued' ? 'retried' : next.state, attempt);
  }

  async function claimAndDeliver(): Promise<void> {
    if (stopped) return;
    if (claiming) {
      wokenWhileClaiming = true;
      return;
    }
    claiming = true;
    try {
      const { receivers, delivery } = options.settings();
      const free = delivery.concurrency - inFlight.size;
      if (receivers.length === 0 || free <= 0) return;
      const claimed = await options.store.claimDue(free, delivery.timeoutMs + LEASE_MARGIN_MS);
      claimsFailing = false;
      for (const item of claimed) {
        const running: Promise<void> = deliver(item)
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => {
            inFlight.delete(running);
            // A slot is free: more may be due already.
            if (!stopped) void claimAndDeliver();
          });
        inFlight.add(running);
      }
    } catch (error) {
      if (!claimsFailing) options.onError?.(error);
      claimsFailing = true;
    } finally {
      claiming = false;
    }
    if (wokenWhileClaiming) {
      wokenWhileClaiming = false;
      await claimAndDeliver();
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      void claimAndDeliver().finally(schedule);
    }, IDLE_POLL_MS);
    timer.unref();
  }
  schedule();

  return {
    wake() {
      void claimAndDeliver();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
