// The notification for a cancel or terminate, built from what the audit log recorded: who, what, each outcome, and a
// link to the cluster's sessions page (with the one target's detail open when there is one target).
import type { Identity } from '@/lib/auth/roles';
import type { SignalTarget } from '@/lib/signals/target-lookup';
import type { SignalAction, TargetResult } from '@/lib/types/signal';
import type { NotificationEvent, NotifiedSession } from './notification-event';
import { sessionsPath } from './session-path';

type SignalEvent = Extract<NotificationEvent, { type: 'signal' }>;

const PAST: Record<SignalAction, string> = { cancel: 'cancelled', terminate: 'terminated' };

function notifiedSession(target: SignalTarget): NotifiedSession {
  return {
    pid: target.pid,
    backendStart: target.requestedBackendStart,
    user: target.user,
    database: target.database,
    applicationName: target.applicationName ?? '',
    state: target.state,
    query: target.query,
    queryAgeMs: target.queryAgeMs,
    xactAgeMs: target.xactAgeMs,
    stateAgeMs: target.stateAgeMs,
  };
}

export const auditEntryPath = (auditId: string) => `/audit?id=${encodeURIComponent(auditId)}#audit-${auditId}`;

export function signalNotice(options: {
  clusterId: string;
  identity: Identity;
  action: SignalAction;
  targets: SignalTarget[];
  results: TargetResult[];
  at: string;
}): SignalEvent {
  const { clusterId, identity, action, targets, results } = options;
  const done = results.filter((result) => result.outcome === PAST[action] || result.outcome === 'signal_sent').length;
  const only = targets.length === 1 ? targets[0]! : null;
  return {
    type: 'signal',
    clusterId,
    at: options.at,
    path: sessionsPath(clusterId, {}, only ? { pid: only.pid, backendStart: only.requestedBackendStart } : undefined),
    summary: `${identity.email} ${PAST[action]} ${done} of ${results.length} session(s) on ${clusterId}`,
    actor: { email: identity.email, name: identity.name },
    action,
    targets: targets.map((target, index) => {
      const result = results[index]!;
      return {
        session: notifiedSession(target),
        outcome: result.outcome,
        message: result.message || null,
        ...(result.auditId ? { auditPath: auditEntryPath(result.auditId) } : {}),
      };
    }),
  };
}
