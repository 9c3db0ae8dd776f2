// Signals for /api/v1: targets given or picked by a filter (the sessions page's filter logic), a dry run that
// answers with exactly what would be signalled, and `confirm` for the dialog's typed confirmation. The real
// signalling is signalSessions, unchanged: the same role checks, guard rails and audit as the dialog.
import 'server-only';
import { z } from 'zod';
import { judgeTarget } from '@/lib/signals/guard-rails';
import { lookupTargets, type SignalTarget } from '@/lib/signals/target-lookup';
import { poolFor } from '@/lib/pg/pools';
import { describePgError } from '@/lib/pg/errors';
import { signalRequestSchema, type SignalRequest } from '@/lib/api/schemas';
import type { AuditEvent } from '@/lib/audit/audit-log';
import { REFUSAL_SAMPLE_SIZE } from '@/lib/audit/refusal-summary';
import type { SessionRow } from '@/lib/types/session';
import { filterSessions, sessionViewSchema, type SessionView } from '@/lib/types/session-view';
import { failure, type Result } from '@/lib/types/result';
import { TYPED_CONFIRMATION_THRESHOLD, type TargetResult } from '@/lib/types/signal';
import { noteDryRun } from './api-call-scope';
import { checkAccess, clusterIdSchema, type Caller } from './guard';
import { signalSessions } from './signals';
import { readSnapshot } from './snapshot';

const apiSignalInput = z.object({ clusterId: clusterIdSchema, request: signalRequestSchema });

type Target = { pid: number; backendStart: string; queryStart?: string | null };

export interface PlannedTarget {
  pid: number;
  backendStart: string;
  user: string | null;
  database: string | null;
  applicationName: string | null;
  clientAddr: string | null;
  state: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}

export interface SignalDryRun {
  dryRun: true;
  clusterId: string;
  action: SignalRequest['action'];
  wouldSignal: PlannedTarget[];
  wouldRefuse: { pid: number; backendStart: string; outcome: 'already_gone' | 'refused'; message: string }[];
  confirmationRequired: boolean;
  count: number;
}

export interface SignalDone {
  dryRun: false;
  clusterId: string;
  action: SignalRequest['action'];
  results: TargetResult[];
}

function viewOf(filter: NonNullable<SignalRequest['filter']>): SessionView {
  // The page's view with no pgwarden connections and the duration the filter names (query age by default).
  return sessionViewSchema.parse({ ...filter, showPgwarden: false });
}

/** The target as it is now, seen as a session row, so the page's filter can be applied to it once more. */
function asRow(target: SignalTarget): SessionRow {
  return {
    pid: target.pid,
    leaderPid: target.leaderPid,
    user: target.user,
    database: target.database,
    applicationName: target.applicationName ?? '',
    clientAddr: target.clientAddr,
    clientPort: null,
    backendType: target.backendType ?? '',
    state: target.state,
    waitEventType: null,
    waitEvent: null,
    query: target.query,
    queryId: null,
    backendStart: target.backendStart,
    queryStart: target.queryStart,
    xactStart: null,
    stateChange: null,
    queryAgeMs: target.queryAgeMs,
    xactAgeMs: target.xactAgeMs,
    backendAgeMs: target.backendAgeMs,
    stateAgeMs: target.stateAgeMs,
    blockedBy: [],
    isPgwarden: target.isPgwarden,
    userIsSuperuser: target.userIsSuperuser,
    isProtected: false,
    team: null,
  };
}

/**
 * The filter's sessions from the sampler's snapshot, then checked again on the cluster as they are now: a session
 * that stopped matching since the snapshot (e.g. no longer idle) is left out.
 */
async function resolveTargets(caller: Caller, request: SignalRequest): Promise<Result<SignalTarget[]>> {
  let candidates: Target[];
  const view = request.filter ? viewOf(request.filter) : null;
  if (view) {
    const { sessions } = await readSnapshot(caller);
    candidates = filterSessions(sessions, view)
      .filter((row): row is SessionRow & { backendStart: string } => row.backendStart !== null)
      .map((row) => ({ pid: row.pid, backendStart: row.backendStart, queryStart: row.queryStart }));
  } else {
    candidates = request.targets!;
  }
  if (candidates.length === 0) return { ok: true, data: [] };
  const forAction =
    request.action === 'cancel' ? candidates : candidates.map(({ pid, backendStart }) => ({ pid, backendStart }));
  try {
    const found = await lookupTargets(poolFor(caller.cluster), forAction);
    return {
      ok: true,
      data: view ? found.filter((target) => target.present && filterSessions([asRow(target)], view).length) : found,
    };
  } catch (error) {
    return failure(
      'unavailable',
      `Cannot reach ${caller.cluster.id}: ${describePgError(error)}. Nothing was signalled.`,
    );
  }
}

function planned(target: SignalTarget): PlannedTarget {
  return {
    pid: target.pid,
    backendStart: target.requestedBackendStart,
    user: target.user,
    database: target.database,
    applicationName: target.applicationName,
    clientAddr: target.clientAddr,
    state: target.state,
    query: target.query,
    queryAgeMs: target.queryAgeMs,
    xactAgeMs: target.xactAgeMs,
    stateAgeMs: target.stateAgeMs,
  };
}

/** What signalSessions would do with these targets, without sending anything (its checks, in its order). */
function dryRun(caller: Caller, request: SignalRequest, targets: SignalTarget[]): SignalDryRun {
  const { role, cluster, config } = caller;
  const base = { dryRun: true as const, clusterId: cluster.id, action: request.action, count: targets.length };
  if (targets.length > 1 && role !== 'admin') {
    const message = `Acting on several sessions at once needs the admin role; your role on ${cluster.id} is ${role}.`;
    return {
      ...base,
      wouldSignal: [],
      wouldRefuse: targets.map((target) => ({
        pid: target.pid,
        backendStart: target.requestedBackendStart,
        outcome: 'refused',
        message,
      })),
      confirmationRequired: false,
    };
  }
  const verdicts = targets.map((target) =>
    judgeTarget(target, role, config.protect, request.acknowledgeSpecial ?? false),
  );
  return {
    ...base,
    wouldSignal: targets.filter((_, index) => verdicts[index]!.eligible).map(planned),
    wouldRefuse: targets.flatMap((target, index) => {
      const verdict = verdicts[index]!;
      return verdict.eligible
        ? []
        : [
            {
              pid: target.pid,
              backendStart: target.requestedBackendStart,
              outcome: verdict.outcome,
              message: verdict.message,
            },
          ];
    }),
    confirmationRequired:
      targets.length > TYPED_CONFIRMATION_THRESHOLD ||
      verdicts.some((verdict) => verdict.eligible && verdict.needsTypedConfirmation),
  };
}

/** What the audit row of a dry run keeps: the counts, and the first matched targets (those it would signal first). */
function dryRunAudit(plan: SignalDryRun): Pick<AuditEvent, 'detail' | 'targets'> {
  return {
    detail: {
      signal: plan.action,
      matched: plan.count,
      wouldSignal: plan.wouldSignal.length,
      wouldRefuse: plan.wouldRefuse.length,
      confirmationRequired: plan.confirmationRequired,
    },
    targets: {
      count: plan.count,
      sample: [...plan.wouldSignal, ...plan.wouldRefuse]
        .slice(0, REFUSAL_SAMPLE_SIZE)
        .map((target) => ({ pid: target.pid, backendStart: target.backendStart })),
    },
  };
}

function send(clusterId: string, request: SignalRequest, targets: Target[]): Promise<Result<SignalDone>> {
  return signalSessions({
    clusterId,
    action: request.action,
    targets,
    timeoutMs: request.timeoutMs,
    confirmation: request.confirm,
    acknowledgeSpecial: request.acknowledgeSpecial,
  }).then((result) =>
    result.ok
      ? { ok: true, data: { dryRun: false, clusterId, action: request.action, results: result.data.results } }
      : result,
  );
}

export async function apiSignal(clusterId: string, body: unknown): Promise<Result<SignalDryRun | SignalDone>> {
  const given = signalRequestSchema.safeParse(body);
  // Exact targets go straight to signalSessions, which checks, refuses and audits exactly as for the dialog.
  if (given.success && given.data.targets && !given.data.dryRun) return send(clusterId, given.data, given.data.targets);

  const access = await checkAccess('operator', apiSignalInput, { clusterId, request: body });
  if (!access.ok) return access.failure;
  const { request } = access.parsed;
  const resolved = await resolveTargets(access.caller, request);
  if (!resolved.ok) return resolved;
  const targets = resolved.data;
  if (request.dryRun) {
    const plan = dryRun(access.caller, request, targets);
    noteDryRun(dryRunAudit(plan));
    return { ok: true, data: plan };
  }
  if (targets.length === 0)
    return { ok: true, data: { dryRun: false, clusterId, action: request.action, results: [] } };
  return send(
    clusterId,
    request,
    targets.map((target) => ({
      pid: target.pid,
      backendStart: target.requestedBackendStart,
      queryStart: request.action === 'cancel' ? target.queryStart : undefined,
    })),
  );
}
