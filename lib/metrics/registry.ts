// pgwarden's Prometheus metrics: one registry per process, its metric names and their (bounded) labels.
import 'server-only';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const cluster = ['cluster'] as const;
  const signInFailures = new Counter({
    name: 'pgwarden_sign_in_failures_total',
    help: 'Refused sign-ins of local users: wrong_password (unknown email or wrong password) or throttled',
    labelNames: ['provider', 'reason'] as const,
    registers,
  });
  // Present from the start, so that rate() sees the first failure.
  for (const reason of ['wrong_password', 'throttled']) signInFailures.inc({ provider: 'local', reason }, 0);
  return {
    registry,
    clusterUp: new Gauge({
      name: 'pgwarden_cluster_up',
      help: '1 when the last sample of the cluster succeeded, 0 while it cannot be reached',
      labelNames: cluster,
      registers,
    }),
    sampleDuration: new Histogram({
      name: 'pgwarden_sample_duration_seconds',
      help: 'Time taken by each successful pg_stat_activity sample',
      labelNames: cluster,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    liveStage: new Histogram({
      name: 'pgwarden_live_stage_seconds',
      help:
        'Where the time from a sample to its viewers goes: query (sent to rows parsed), rows (to session rows), ' +
        'encode (views of the snapshot encoded and diffed), deliver (diffs written to every stream)',
      labelNames: ['cluster', 'stage'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    liveStreams: new Gauge({
      name: 'pgwarden_live_streams',
      help: 'Open live sessions streams (Server-Sent Events)',
      labelNames: cluster,
      registers,
    }),
    sessions: new Gauge({
      name: 'pgwarden_sessions',
      help: 'Client backends by state, in the last good sample',
      labelNames: ['cluster', 'state'] as const,
      registers,
    }),
    sessionsWaitingOnLocks: new Gauge({
      name: 'pgwarden_sessions_waiting_on_locks',
      help: 'Backends waiting on a heavyweight lock (wait_event_type Lock), in the last good sample',
      labelNames: cluster,
      registers,
    }),
    longestQuery: new Gauge({
      name: 'pgwarden_longest_query_seconds',
      help: "Age of the longest-running active query of a client backend (pgwarden's own excluded); 0 when none",
      labelNames: cluster,
      registers,
    }),
    oldestIdleInTransaction: new Gauge({
      name: 'pgwarden_oldest_idle_in_transaction_seconds',
      help: 'Transaction age of the oldest session idle in transaction; 0 when none',
      labelNames: cluster,
      registers,
    }),
    connectionsUsed: new Gauge({
      name: 'pgwarden_connections_used',
      help: "Client backends connected (pgwarden's own included), the ones max_connections limits",
      labelNames: cluster,
      registers,
    }),
    maxConnections: new Gauge({
      name: 'pgwarden_max_connections',
      help: 'The max_connections setting of the cluster',
      labelNames: cluster,
      registers,
    }),
    signals: new Counter({
      name: 'pgwarden_signals_total',
      help: 'Sessions cancelled or terminated through pgwarden, per target, by outcome',
      labelNames: ['cluster', 'action', 'outcome'] as const,
      registers,
    }),
    signInFailures,
    webhookDeliveries: new Counter({
      name: 'pgwarden_webhook_deliveries_total',
      help: 'Webhook delivery attempts by receiver and result: delivered, retried (failed, tried again later), given_up, dropped (in-memory queue full)',
      labelNames: ['receiver', 'result'] as const,
      registers,
    }),
    openAlerts: new Gauge({
      name: 'pgwarden_alerts_open',
      help: "Open alerts of the cluster by rule; reported by the cluster's leader instance only",
      labelNames: ['cluster', 'rule'] as const,
      registers,
    }),
  };
}

export type PgwardenMetrics = ReturnType<typeof createMetrics>;

// On globalThis: instrumentation, route handlers and server actions are separate bundles of one process, and each
// must count into the same registry (a second collectDefaultMetrics would also throw on duplicate names).
const holder = globalThis as { __pgwardenMetrics?: PgwardenMetrics };

export function metrics(): PgwardenMetrics {
  return (holder.__pgwardenMetrics ??= createMetrics());
}
