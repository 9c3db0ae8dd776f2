// Alerts for the pages, the API and the fleet overview: list them (viewers and up), acknowledge them (operators and up).
import 'server-only';
import { headers } from 'next/headers';
import type pg from 'pg';
import { z } from 'zod';
import { alertEvent } from '@/lib/alerts/alert-notice';
import {
  acknowledgeAlert as storeAcknowledgement,
  listAlerts,
  type AcknowledgeOutcome,
} from '@/lib/alerts/alert-store';
import { recordAuditEvent, type AuditEvent } from '@/lib/audit/audit-log';
import { markAudited } from './api-call-scope';
import { visibleClusters, type Identity } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import type { RoleName } from '@/lib/config/schema';
import { clientAddress as clientAddressOf } from '@/lib/http/client-address';
import { log } from '@/lib/log/logger';
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

/** One audit row per acknowledgement attempt; a failure to write it is logged, never shown as the action failing. */
async function audit(event: Omit<AuditEvent, 'action'>): Promise<void> {
  markAudited();
  try {
    await recordAuditEvent(await statePool(), { ...event, action: 'acknowledge_alert' });
  } catch (error) {
    log.warn(
      { event: 'audit_event_not_written', action: 'acknowledge_alert', reason: describePgError(error) },
      'not audited',
    );
  }
}

/** Records who acknowledged the alert and when (the first acknowledgement counts), audits it and notifies. */
export async function acknowledgeAlert(input: unknown): Promise<Result<{ alert: AlertRecord }>> {
  const request = await headers();
  const config = getConfig();
  const identity = await currentIdentity();
  const clientAddress = clientAddressOf(request, config);
  const asked = acknowledgeInput.safeParse(input);
  const context = {
    clientAddress,
    clusterId: asked.success ? asked.data.clusterId : null,
    detail: { alertId: asked.success ? asked.data.alertId : null },
  };
  const refuse = async (refusal: Failure, role: RoleName | null = null): Promise<Failure> => {
    await audit({
      ...context,
      actor: identity ? { identity, role } : null,
      outcome: 'refused',
      message: refusal.message,
    });
    return refusal;
  };
  // A browser sends the cookie by itself, so a cookie call must come from pgwarden's own pages (as for signals).
  if (identity && !identity.token && originProblem(request, config)) {
    guardStats.refused++;
    return refuse(
      failure(
        'forbidden',
        'This request does not come from pgwarden’s own pages (its Origin header is missing or another site’s), so nothing was acknowledged. Use the console, or a service token in an Authorization header.',
      ),
    );
  }
  const access = await checkAccess('operator', acknowledgeInput, input, identity);
  if (!access.ok) return refuse(access.failure, access.role);
  const { alertId } = access.parsed;
  const { cluster, identity: caller, role } = access.caller;
  const actor = { identity: caller, role };
  let result: AcknowledgeOutcome;
  try {
    result = await storeAcknowledgement(await statePool(), cluster.id, alertId, {
      email: caller.email,
      name: caller.name,
    });
  } catch (error) {
    const unavailable = stateDbFailure(error, 'Acknowledging an alert');
    await audit({ ...context, actor, outcome: 'failed', message: unavailable.message });
    return unavailable;
  }
  if (result.outcome === 'not_found') {
    return refuse(
      failure('not_found', `There is no alert ${alertId} on ${cluster.id}. List the cluster's alerts again.`),
      role,
    );
  }
  const { alert } = result;
  await audit({
    ...context,
    actor,
    outcome: 'done',
    detail: {
      alertId,
      rule: alert.rule,
      alert: alert.detail,
      // A repeat leaves the first acknowledgement as it was.
      alreadyAcknowledgedBy: result.outcome === 'already' ? (alert.acknowledgedBy?.email ?? null) : null,
    },
    target: alert.sessions[0],
  });
  if (result.outcome === 'acknowledged') {
    (await requestLog({ actor: caller.email, cluster: cluster.id })).info(
      { event: 'alert_acknowledged', alertId, rule: alert.rule },
      `alert acknowledged: ${alert.detail}`,
    );
    await publishNotification(alertEvent('alert_acknowledged', alert));
  }
  return { ok: true, data: { alert } };
}
