// Turns each sampler snapshot into the cluster's gauges; nothing here queries the monitored cluster.
import 'server-only';
import type { SessionsSnapshot } from '@/lib/types/session';
import { metrics, type PgwardenMetrics } from './registry';
import { SESSION_STATES, summariseSessions } from './session-summary';

function forgetSessionGauges(m: PgwardenMetrics, cluster: string): void {
  for (const state of SESSION_STATES) m.sessions.remove({ cluster, state });
  for (const gauge of [
    m.sessionsWaitingOnLocks,
    m.longestQuery,
    m.oldestIdleInTransaction,
    m.connectionsUsed,
    m.maxConnections,
  ]) {
    gauge.remove({ cluster });
  }
}

/**
 * Called once per sample. While the cluster cannot be reached only `up` (0) remains: the last good numbers would
 * look current on a dashboard, a gap does not.
 */
export function recordClusterSample(snapshot: SessionsSnapshot): void {
  const m = metrics();
  const cluster = snapshot.clusterId;
  if (snapshot.error) {
    m.clusterUp.set({ cluster }, 0);
    forgetSessionGauges(m, cluster);
    return;
  }
  m.clusterUp.set({ cluster }, 1);
  if (snapshot.sampleMs !== null) m.sampleDuration.observe({ cluster }, snapshot.sampleMs / 1000);
  const summary = summariseSessions(snapshot.sessions);
  for (const state of SESSION_STATES) m.sessions.set({ cluster, state }, summary.byState[state]);
  m.sessionsWaitingOnLocks.set({ cluster }, summary.waitingOnLocks);
  m.longestQuery.set({ cluster }, summary.longestQuerySeconds);
  m.oldestIdleInTransaction.set({ cluster }, summary.oldestIdleInTransactionSeconds);
  m.connectionsUsed.set({ cluster }, summary.connectionsUsed);
  const maxConnections = snapshot.maxConnections ?? null;
  if (maxConnections !== null) m.maxConnections.set({ cluster }, maxConnections);
}
