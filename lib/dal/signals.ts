// Cancel and terminate: role, guard rails and typed confirmation, audit first, then one set-based signal.
import 'server-only';
import { headers } from 'next/headers';
import type pg from 'pg';
import { recordAttempt, recordOutcomes, recordRefusal, type AuditActor, type AuditIntent } from '@/lib/audit/audit-log';
import { summariseRequest } from '@/lib/audit/refusal-summary';
import { clientAddress } from '@/lib/http/client-address';
import { getConfig } from '@/lib/config/load';
import { log } from '@/lib/log/logger';
import { requestLog } from '@/lib/log/request-log';
import { poolFor } from '@/lib/pg/pools';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { describePgError } from '@/lib/pg/errors';
import { countSignalOutcomes } from '@/lib/metrics/counters';
import { publishNotification } from '@/lib/notify/publish';
import { signalNotice } from '@/lib/notify/signal-notice';
import { judgeTarget, typedConfirmationAccepted, type Verdict } from '@/lib/signals/guard-rails';
import { sendSignals } from '@/lib/signals/send-signals';
import { lookupTargets, type SignalTarget } from '@/lib/signals/target-lookup';
import { statePool } from '@/lib/state/state-db';
import { failure, type Failure, type Result } from '@/lib/types/result';
import {
  DEFAULT_TERMINATE_TIMEOUT_MS,
  signalInputSchema,
  TYPED_CONFIRMATION_THRESHOLD,
  type SignalAction,
  type TargetResult,
} from '@/lib/types/signal';
import { markAudited } from './api-call-scope';
import { currentIdentity } from './caller';
import { checkAccess } from './guard';
import { countRefusal, rateLimited, refusalKey, refusalWait } from './refusal-limit';
import { originProblem } from './signal-origin';

export interface SignalSummary {
  results: TargetResult[];
}

type Parsed = ReturnType<typeof signalInputSchema.parse>;

/** What is known about the request when it is refused: enough for one audit row and the refusal count. */
interface RequestContext {
  raw: unknown;
  actor: AuditActor | null;
  clientAddress: string | null;
  limitKey: string;
  clusters: string[];
}

/**
 * A refused request is one audit row, whatever it asked for, and counts towards the caller's refusal limit; past
 * the limit nothing is written. `failed` (pgwarden could not do its part) is audited but not counted against them.
 */
async function refuse(
  context: RequestContext,
  refusal: Failure,
  outcome: 'refused' | 'failed' = 'refused',
): Promise<Failure> {
  if (outcome === 'refused') {
    const wait = await countRefusal(context.limitKey);
    if (wait !== null) return rateLimited(wait);
  }
  const summary = summariseRequest(context.raw, context.clusters);
  // This request's audit is settled here, written or not: an /api/v1 call adds no row of its own.
  markAudited();
  (await requestLog({ actor: context.actor?.identity.email ?? null, cluster: summary.clusterId })).warn(
    { event: 'signal_refused', code: refusal.code, outcome, action: summary.action, targets: summary.targetCount },
    refusal.message,
  );
  try {
    await recordRefusal(await statePool(), {
      ...summary,
      timeoutMs: summary.action === 'terminate' ? (summary.timeoutMs ?? DEFAULT_TERMINATE_TIMEOUT_MS) : null,
      actor: context.actor,
      clientAddress: context.clientAddress,
      outcome,
      message: refusal.message,
    });
  } catch (error) {
    // Nothing was signalled either way; the refusal still reaches the user.
    log.warn({ event: 'audit_refusal_not_written', reason: describePgError(error) }, 'refusal not audited');
  }
  return refusal;
}

/** Who to name in the log: the person, or token:<name> with the token's creator. */
function identityLabel(actor: AuditActor): string {
  const creator = actor.identity.token?.createdBy;
  return creator ? `${actor.identity.email} (created by ${creator})` : actor.identity.email;
}

function countOutcomes(results: TargetResult[]): Partial<Record<TargetResult['outcome'], number>> {
  const counts: Partial<Record<TargetResult['outcome'], number>> = {};
  for (const { outcome } of results) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

function uniqueByPid(input: Parsed): Parsed {
  const seen = new Set<number>();
  return { ...input, targets: input.targets.filter((target) => !seen.has(target.pid) && seen.add(target.pid)) };
}

export async function signalSessions(rawInput: unknown): Promise<Result<SignalSummary>> {
  // Before anything else: a request that does not come from pgwarden's own pages is refused unread.
  const request = await headers();
  const config = getConfig();
  // A browser never adds an Authorization header by itself (and a token is read from nowhere else), so only calls
  // that rely on the cookie can be forged from another site; lib/dal/caller.ts judges a bearer call by its token alone.
  const badOrigin = request.has('authorization') ? null : originProblem(request, config);
  const identity = await currentIdentity();
  const address = clientAddress(request, config);
  const context: RequestContext = {
    raw: rawInput,
    actor: identity ? { identity, role: null } : null,
    clientAddress: address,
    limitKey: refusalKey(identity, address),
    clusters: config.clusters.map((cluster) => cluster.id),
  };
  const wait = await refusalWait(context.limitKey);
  if (wait !== null) {
    log.warn({ event: 'signal_rate_limited', actor: identity?.email ?? null, waitSeconds: wait }, 'refused unread');
    return rateLimited(wait);
  }
  if (badOrigin) return refuse(context, failure('forbidden', badOrigin));

  const access = await checkAccess('operator', signalInputSchema, rawInput, identity);
  if (!access.ok) {
    return refuse({ ...context, actor: identity ? { identity, role: access.role } : null }, access.failure);
  }
  const input = uniqueByPid(access.parsed);
  const { role, cluster } = access.caller;
  const actor: AuditActor = { identity: access.caller.identity, role };
  const known = { ...context, actor };

  if (input.targets.length > 1 && role !== 'admin') {
    const message = `Acting on several sessions at once needs the admin role; your role on ${cluster.id} is ${role}.`;
    return refuse(known, failure('forbidden', message));
  }

  let audit: pg.Pool;
  try {
    audit = await statePool();
  } catch (error) {
    return failure(
      'unavailable',
      `The audit log cannot be written (${describePgError(error)}), so nothing was signalled. Fix the state database and try again.`,
    );
  }

  const clusterPool = poolFor(cluster);
  let targets: SignalTarget[];
  try {
    // Only a cancel is about one query; a terminate is about the backend, whatever it runs now.
    const confirmed =
      input.action === 'cancel' ? input.targets : input.targets.map(({ pid, backendStart }) => ({ pid, backendStart }));
    targets = await lookupTargets(clusterPool, confirmed);
  } catch (error) {
    const message = `Cannot reach ${cluster.id}: ${describePgError(error)}. Nothing was signalled.`;
    return refuse(known, failure('unavailable', message), 'failed');
  }

  const verdicts = targets.map((target) =>
    judgeTarget(target, role, access.caller.config.protect, input.acknowledgeSpecial),
  );
  const eligible = targets.filter((_, index) => verdicts[index]!.eligible);
  const needsTyping =
    input.targets.length > TYPED_CONFIRMATION_THRESHOLD ||
    verdicts.some((verdict) => verdict.eligible && verdict.needsTypedConfirmation);
  if (
    needsTyping &&
    eligible.length > 0 &&
    !typedConfirmationAccepted(input.confirmation, input.targets.length, cluster.id)
  ) {
    const message = `Type ${input.targets.length} or ${cluster.id} to confirm: this touches many, superuser, replication or protected sessions.`;
    return refuse(known, failure('conflict', message));
  }

  const intents: AuditIntent[] = targets.map((target, index) => {
    const verdict = verdicts[index] as Verdict;
    return { target, outcome: verdict.eligible ? undefined : { outcome: verdict.outcome, message: verdict.message } };
  });
  let auditIds: Map<number, string>;
  try {
    auditIds = await recordAttempt(
      audit,
      actor,
      cluster.id,
      input.action,
      input.action === 'terminate' ? input.timeoutMs : null,
      intents,
    );
    markAudited();
  } catch (error) {
    return failure(
      'unavailable',
      `The audit log cannot be written (${describePgError(error)}), so nothing was signalled.`,
    );
  }

  const sent = await sendSignals(clusterPool, input.action as SignalAction, eligible, input.timeoutMs);
  clusterSampler(cluster).refreshSoon();
  const sentByPid = new Map(sent.map((result) => [result.pid, result]));
  const results: TargetResult[] = targets.map((target, index) => {
    const verdict = verdicts[index] as Verdict;
    const settled = verdict.eligible
      ? sentByPid.get(target.pid)!
      : { outcome: verdict.outcome, message: verdict.message };
    return {
      pid: target.pid,
      backendStart: target.requestedBackendStart,
      outcome: settled.outcome,
      message: settled.message,
      auditId: auditIds.get(target.pid) ?? null,
    };
  });
  countSignalOutcomes(cluster.id, input.action as SignalAction, results);
  (await requestLog({ actor: identityLabel(actor), cluster: cluster.id })).info(
    { event: 'signal_sent', action: input.action, targets: results.length, outcomes: countOutcomes(results) },
    `${input.action} of ${results.length} session(s)`,
  );
  try {
    await recordOutcomes(
      audit,
      results
        .filter((result) => sentByPid.has(result.pid) && result.auditId)
        .map((result) => ({ auditId: result.auditId!, outcome: result.outcome, message: result.message })),
    );
  } catch {
    // The signals went out and the intent is on record; the outcome stays "pending" in the log.
  }
  // Queued, not awaited: a slow state database or receiver never delays the answer.
  void publishNotification(
    signalNotice({
      clusterId: cluster.id,
      identity: actor.identity,
      action: input.action as SignalAction,
      targets,
      results,
      at: new Date().toISOString(),
    }),
  );
  return { ok: true, data: { results } };
}
