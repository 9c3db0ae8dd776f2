// Cancel and terminate: role, guard rails and typed confirmation, audit first, then one set-based signal.
import 'server-only';
import type pg from 'pg';
import { recordAttempt, recordOutcomes, type AuditActor, type AuditIntent } from '@/lib/audit/audit-log';
import { poolFor } from '@/lib/pg/pools';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { describePgError } from '@/lib/pg/errors';
import { countSignalOutcomes } from '@/lib/metrics/counters';
import { judgeTarget, typedConfirmationAccepted, type Verdict } from '@/lib/signals/guard-rails';
import { sendSignals } from '@/lib/signals/send-signals';
import { lookupTargets, type SignalTarget } from '@/lib/signals/target-lookup';
import { statePool } from '@/lib/state/state-db';
import { failure, type Result } from '@/lib/types/result';
import {
  signalInputSchema,
  TYPED_CONFIRMATION_THRESHOLD,
  type SignalAction,
  type SignalOutcome,
  type TargetResult,
} from '@/lib/types/signal';
import { checkAccess } from './guard';

export interface SignalSummary {
  results: TargetResult[];
}

type Parsed = ReturnType<typeof signalInputSchema.parse>;

function bare(target: { pid: number; backendStart: string }): AuditIntent['target'] {
  return { pid: target.pid, requestedBackendStart: target.backendStart };
}

/** Refusals are audited too, when we know who asked and what for; the audit database is not the monitored one. */
async function auditRefusal(
  actor: AuditActor,
  input: Parsed,
  clusterId: string,
  outcome: SignalOutcome,
  message: string,
) {
  try {
    const pool = await statePool();
    await recordAttempt(
      pool,
      actor,
      clusterId,
      input.action,
      timeoutOf(input),
      input.targets.map((target) => ({ target: bare(target), outcome: { outcome, message } })),
    );
  } catch {
    // Nothing was signalled either way; the refusal still reaches the user.
  }
}

function timeoutOf(input: Parsed): number | null {
  return input.action === 'terminate' ? input.timeoutMs : null;
}

function uniqueByPid(input: Parsed): Parsed {
  const seen = new Set<number>();
  return { ...input, targets: input.targets.filter((target) => !seen.has(target.pid) && seen.add(target.pid)) };
}

export async function signalSessions(rawInput: unknown): Promise<Result<SignalSummary>> {
  const access = await checkAccess('operator', signalInputSchema, rawInput);
  if (!access.ok) {
    if (access.identity && access.cluster && access.input) {
      const input = access.input as Parsed;
      await auditRefusal(
        { identity: access.identity, role: access.role },
        input,
        access.cluster.id,
        'refused',
        access.failure.message,
      );
    }
    return access.failure;
  }
  const input = uniqueByPid(access.parsed);
  const { identity, role, cluster, config } = access.caller;
  const actor: AuditActor = { identity, role };

  if (input.targets.length > 1 && role !== 'admin') {
    const message = `Acting on several sessions at once needs the admin role; your role on ${cluster.id} is ${role}.`;
    await auditRefusal(actor, input, cluster.id, 'refused', message);
    return failure('forbidden', message);
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
    await auditRefusal(actor, input, cluster.id, 'failed', message);
    return failure('unavailable', message);
  }

  const verdicts = targets.map((target) => judgeTarget(target, role, config.protect, input.acknowledgeSpecial));
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
    await auditRefusal(actor, input, cluster.id, 'refused', message);
    return failure('conflict', message);
  }

  const intents: AuditIntent[] = targets.map((target, index) => {
    const verdict = verdicts[index] as Verdict;
    return { target, outcome: verdict.eligible ? undefined : { outcome: verdict.outcome, message: verdict.message } };
  });
  let auditIds: Map<number, string>;
  try {
    auditIds = await recordAttempt(audit, actor, cluster.id, input.action, timeoutOf(input), intents);
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
  return { ok: true, data: { results } };
}
