// Open alerts per cluster for the fleet overview: read from the state database at most every few seconds, by the
// samplers' listeners, never by a viewer (the alerts themselves are opened and resolved by the clusters' leaders).
import 'server-only';
import { countOpenAlerts } from '@/lib/alerts/alert-store';
import { getConfig } from '@/lib/config/load';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';

export const ALERT_COUNTS_MS = 5000;

interface AlertCounts {
  /** Null without a state database, or until the first read. */
  counts: Map<string, number> | null;
  readAt: number;
  reading: boolean;
}

const state: AlertCounts = ((globalThis as { __pgwardenFleetAlerts?: AlertCounts }).__pgwardenFleetAlerts ??= {
  counts: null,
  readAt: 0,
  reading: false,
});

export function openAlertsOn(clusterId: string): number | null {
  return state.counts ? (state.counts.get(clusterId) ?? 0) : null;
}

/** Reads the counts again when they are older than ALERT_COUNTS_MS; calls `changed` when any count moved. */
export function refreshOpenAlertCounts(changed: () => void): void {
  if (state.reading || Date.now() - state.readAt < ALERT_COUNTS_MS || !getConfig().stateDatabaseUrl) return;
  state.reading = true;
  state.readAt = Date.now();
  void statePool()
    .then(countOpenAlerts)
    .then((counts) => {
      const before = state.counts;
      state.counts = counts;
      const same =
        before !== null && before.size === counts.size && [...counts].every(([id, n]) => before.get(id) === n);
      if (!same) changed();
    })
    .catch((error: unknown) => {
      log.debug({ event: 'fleet_alert_counts_failed', reason: describePgError(error) }, 'could not count open alerts');
    })
    .finally(() => (state.reading = false));
}

/** Forgets the counts (tests). */
export function forgetOpenAlertCounts(): void {
  state.counts = null;
  state.readAt = 0;
}
