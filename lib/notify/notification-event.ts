// What pgwarden tells the outside world: alerts, signals and "ask the owner" messages, before any receiver formats
// them. Producers (alerts, signals, owners) build these; lib/notify's sinks (webhook outbox) deliver them.
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';

export const notificationEventTypes = [
  'alert_opened',
  'alert_resolved',
  'alert_acknowledged',
  'signal',
  'ask_owner',
] as const;
export type NotificationEventType = (typeof notificationEventTypes)[number];

/** A session named by a notification: (pid, backend_start) identifies the backend; durations by the DB clock. */
export interface NotifiedSession {
  pid: number;
  backendStart: string | null;
  user: string | null;
  database: string | null;
  applicationName: string;
  state: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}

export interface NotifiedActor {
  /** An email, or token:<name> for a service token. */
  email: string;
  name: string | null;
}

interface EventBase {
  clusterId: string;
  /** When it happened, ISO 8601 (the database clock where one was involved). */
  at: string;
  /** A pgwarden path (starting with "/") to the exact view; receivers make it absolute with the public URL. */
  path: string;
  /** One line a human reads first ("Query running for 12 min on prod-eu"). */
  summary: string;
}

export interface AlertNotice {
  id: string;
  rule: string;
  /** What the rule saw, e.g. "query running 12 min > 5 min". */
  detail: string;
  openedAt: string;
  resolvedAt: string | null;
  acknowledgedBy: NotifiedActor | null;
  acknowledgedAt: string | null;
  sessions: NotifiedSession[];
}

export type NotificationEvent =
  | (EventBase & { type: 'alert_opened' | 'alert_resolved' | 'alert_acknowledged'; alert: AlertNotice })
  | (EventBase & {
      type: 'signal';
      actor: NotifiedActor;
      action: SignalAction;
      /** One per target, as the audit log recorded it. */
      targets: {
        session: NotifiedSession;
        outcome: SignalOutcome;
        message: string | null;
        /** The target's audit entry (`/audit?id=<id>#audit-<id>`), when it was written. */
        auditPath?: string;
      }[];
    })
  | (EventBase & {
      type: 'ask_owner';
      /** Only this receiver gets the message, whatever events it subscribes to. */
      receiverId: string;
      team: string;
      sender: NotifiedActor;
      note: string;
      session: NotifiedSession;
    });
