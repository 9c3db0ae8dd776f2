// Alerts for the pages, the API and the fleet overview: list them (viewers and up), acknowledge them (operators and up).
import 'server-only';
import { headers } from 'next/headers';
import type pg from 'pg';
import { z } from 'zod';
import { alertEvent } from '@/lib/alerts/alert-notice';
import { acknowledgeAlert as storeAcknowledgement, listAlerts } from '@/lib/alerts/alert-store';
import { visibleClusters, type Identity } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import { requestLog } from '@/lib/log/request-log';
import { alertStates, type AlertRecord } from '@/lib/model/alert';
import { publishNotification } from '@/lib/notify/publish';
import { describePgError } from '@/lib/pg/errors';
import { StateDatabaseMissing, statePool } from '@/lib/state/state-db';
import { failure, type Failure, type Result } from '@/lib/types/result';
import { currentIdentity } from './caller';
import { checkAccess, clusterIdSchema, guarded, guardStats, identifyAndParse } from './guard';
import { originProblem } from './signal-origin';

/** At most this many alerts per answer: every open one (they are capped per rule) and the latest resolved ones. */
export const MAX_LISTED_ALERTS = 200;

export const clusterAlertsInput = z.object({
  clusterId: clusterIdSchema,
  state: z.enum(alertStates).default('open'),
});

export const acknowledgeInput = z.object({
  clusterId: clusterIdSchema,
  alertId: z.string().regex(/^[1-9]\d{0,17}$/, 'must be an alert id (a positive integer, as listed)'),
});

function stateDbFailure(error: unknown, what: string): Failure {
  if (error instanceof StateDatabaseMissing) {
    return failure(
      'unavailable',
      `${what} needs pgwarden’s state database: set stateDatabaseUrl in the config (or PGWARDEN_STATE_DATABASE_URL).`,
    );
  }
  return failure(
    'unavailable',
    `pgwarden’s state database cannot be reached (${describePgError(error)}), so ${what.toLowerCase()} is not possible now. Try again in a moment.`,
  );
}

async function withStateDb<T>(what: string, run: (pool: pg.Pool) => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await run(await statePool()) };
  } catch (error) {
    return stateDbFailure(error, what);
  }
}

/** A cluster's open alerts, or (state "all") open and resolved ones, newest first. */
export function listClusterAlerts(input: unknown): Promise<Result<{ alerts: AlertRecord[] }>> {
  return guarded('viewer', clusterAlertsInput, input, ({ state }, { cluster }) =>
    withStateDb('Listing alerts', async (pool) => ({
      alerts: await listAlerts(pool, [cluster.id], { includeResolved: state === 'all', limit: MAX_LISTED_ALERTS }),
    })),
  );
}

/**
 * Open alerts of every cluster the caller may see (the fleet overview). `known`: the caller, when already read for
 * this request.
 */
export async function listOpenAlerts(known?: Identity | null): Promise<Result<{ alerts: AlertRecord[] }>> {
  const identified = await identifyAndParse(z.unknown(), undefined, known);
  if (!identified.ok) {
    guardStats.refused++;
    return identified.failure;
  }
  const clusters = visibleClusters(getConfig(), identified.identity).map((cluster) => cluster.id);
  if (clusters.length === 0) {
    guardStats.refused++;
    return failure('forbidden', `${identified.identity.email} has no role on any cluster. Ask an admin for one.`);
  }
  guardStats.admitted++;
  return withStateDb('Listing alerts', async (pool) => ({
    alerts: await listAlerts(pool, clusters, { includeResolved: false, limit: MAX_LISTED_ALERTS }),
  }));
}

/** Records who acknowledged the alert and when (the first acknowledgement counts), audits it and notifies. */
export async function acknowledgeAlert(input: unknown): Promise<Result<{ alert: AlertRecord }>> {
  const request = await headers();
  const identity = await currentIdentity();
  // A browser sends the cookie by itself, so a cookie call must come from pgwarden's own pages (as for signals).
  const badOrigin = identity && !identity.token ? originProblem(request, getConfig()) : null;
  if (badOrigin) {
    guardStats.refused++;
    return failure(
      'forbidden',
      'This request does not come from pgwarden’s own pages (its Origin header is missing or another site’s), so nothing was acknowledged. Use the console, or a service token in an Authorization header.',
    );
  }
  const access = await checkAccess('operator', acknowledgeInput, input, identity);
  if (!access.ok) return access.failure;
  const { alertId } = access.parsed;
  const { cluster, identity: caller } = access.caller;
  let pool: pg.Pool;
  try {
    pool = await statePool();
  } catch (error) {
    return stateDbFailure(error, 'Acknowledging an alert');
  }
  let result: Awaited<ReturnType<typeof storeAcknowledgement>>;
  try {
    result = await storeAcknowledgement(pool, cluster.id, alertId, { email: caller.email, name: caller.name });
  } catch (error) {
    return stateDbFailure(error, 'Acknowledging an alert');
  }
  if (result.outcome === 'not_found') {
    return failure('not_found', `There is no alert ${alertId} on ${cluster.id}. List the cluster's alerts again.`);
  }
  if (result.outcome === 'acknowledged') {
    (await requestLog({ actor: caller.email, cluster: cluster.id })).info(
      { event: 'alert_acknowledged', alertId, rule: result.alert.rule },
      `alert acknowledged: ${result.alert.detail}`,
    );
    await publishNotification(alertEvent('alert_acknowledged', result.alert));
  }
  return { ok: true, data: { alert: result.alert } };
}
