// Alerts as the API, the pages and the notifications see them: the rule names and one alert's record (pure).
import type { NotifiedActor, NotifiedSession } from '@/lib/notify/notification-event';

export const alertRules = [
  'query_running',
  'idle_in_transaction',
  'lock_wait',
  'lock_chain',
  'connections',
  'unreachable',
] as const;
export type AlertRule = (typeof alertRules)[number];

export const alertRuleLabels: Record<AlertRule, string> = {
  query_running: 'Long query',
  idle_in_transaction: 'Idle in transaction',
  lock_wait: 'Lock wait',
  lock_chain: 'Lock chain',
  connections: 'Connections',
  unreachable: 'Unreachable',
};

export const alertStates = ['open', 'all'] as const;
export type AlertStateFilter = (typeof alertStates)[number];

export interface AlertRecord {
  id: string;
  clusterId: string;
  rule: AlertRule;
  /** Identifies the condition within its rule: a session's `pid|backend_start|…`, or `cluster`. */
  key: string;
  /** What the rule saw, e.g. "query running 12 min (over 5 min)". */
  detail: string;
  /** The sessions involved, by (pid, backend_start); the first is the one to look at (the root blocker of a chain). */
  sessions: NotifiedSession[];
  /** Relative link to the sessions page filtered to the condition, with the first session's detail open. */
  path: string;
  /** State database clock, ISO 8601. */
  openedAt: string;
  lastSeen: string;
  resolvedAt: string | null;
  acknowledgedBy: NotifiedActor | null;
  acknowledgedAt: string | null;
}
