// Counters bumped where things happen (signals, sign-in), with label values from closed lists only.
import 'server-only';
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';
import { metrics } from './registry';

/** One count per target of a cancel or terminate, by its outcome. */
export function countSignalOutcomes(
  cluster: string,
  action: SignalAction,
  results: readonly { outcome: SignalOutcome }[],
): void {
  const { signals } = metrics();
  for (const { outcome } of results) signals.inc({ cluster, action, outcome });
}

/** A local user's sign-in refused: unknown email or wrong password, or throttled before the password was checked. */
export function countSignInFailure(reason: 'wrong_password' | 'throttled'): void {
  metrics().signInFailures.inc({ provider: 'local', reason });
}

/** One count per webhook delivery attempt (or dropped message), by receiver id (from the config) and result. */
export function countWebhookDelivery(receiver: string, result: 'delivered' | 'retried' | 'given_up' | 'dropped'): void {
  metrics().webhookDeliveries.inc({ receiver, result });
}
