// Which alert conditions hold in one snapshot, by the configured rules (pure: no database, testable on rows).
import type { AlertRulesConfig } from '@/lib/config/schema';
import type { AlertRule } from '@/lib/model/alert';
import type { NotifiedSession } from '@/lib/notify/notification-event';
import { sessionsPath } from '@/lib/notify/session-path';
import { buildBlockingTree, type BlockingNode } from '@/lib/types/blocking';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';
import type { SessionView } from '@/lib/types/session-view';

/** Stored and sent per alert; a chain of thousands names its first sessions only (the detail gives the count). */
export const MAX_ALERT_SESSIONS = 20;
const MAX_QUERY_TEXT = 1000;

export interface AlertCondition {
  rule: AlertRule;
  key: string;
  detail: string;
  sessions: NotifiedSession[];
  path: string;
  /** How bad it is, to open the worst first when a rule has more than MAX_OPEN_PER_RULE at once. */
  severity: number;
}

export interface ConditionContext {
  /** This process's clock, for how long a cluster has been unreachable (the cluster's own clock cannot answer). */
  nowMs: number;
}

export function formatSeconds(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function notifiedSession(row: SessionRow): NotifiedSession {
  return {
    pid: row.pid,
    backendStart: row.backendStart,
    user: row.user,
    database: row.database,
    applicationName: row.applicationName,
    state: row.state,
    query: row.query === null ? null : row.query.slice(0, MAX_QUERY_TEXT),
    queryAgeMs: row.queryAgeMs,
    xactAgeMs: row.xactAgeMs,
    stateAgeMs: row.stateAgeMs,
  };
}

/** Sessions the rules look at: other clients' backends (not pgwarden's own, not parallel workers). */
const watched = (row: SessionRow) => row.backendType === 'client backend' && !row.isPgwarden && row.leaderPid === null;

const who = (row: SessionRow) =>
  [row.user && row.database ? `${row.user}@${row.database}` : (row.user ?? row.database), row.applicationName]
    .filter(Boolean)
    .join(', ');

function pathTo(clusterId: string, view: Partial<SessionView>, first: NotifiedSession | undefined): string {
  return sessionsPath(clusterId, view, first ? { pid: first.pid, backendStart: first.backendStart } : undefined);
}

function longQueries(snapshot: SessionsSnapshot, seconds: number): AlertCondition[] {
  return snapshot.sessions
    .filter((row) => watched(row) && row.queryAgeMs !== null && row.queryAgeMs > seconds * 1000)
    .map((row) => {
      const session = notifiedSession(row);
      return {
        rule: 'query_running',
        key: `${row.pid}|${row.backendStart ?? ''}|${row.queryStart ?? ''}`,
        detail: `query running ${formatSeconds(row.queryAgeMs!)} (over ${formatSeconds(seconds * 1000)}) — pid ${row.pid}, ${who(row)}`,
        sessions: [session],
        path: pathTo(snapshot.clusterId, { minDurationSeconds: seconds, by: 'queryAgeMs' }, session),
        severity: row.queryAgeMs!,
      };
    });
}

// Time in the state, as PostgreSQL's idle_in_transaction_session_timeout counts it.
function idleInTransaction(snapshot: SessionsSnapshot, seconds: number): AlertCondition[] {
  return snapshot.sessions
    .filter(
      (row) =>
        watched(row) &&
        row.state?.startsWith('idle in transaction') &&
        row.stateAgeMs !== null &&
        row.stateAgeMs > seconds * 1000,
    )
    .map((row) => {
      const session = notifiedSession(row);
      return {
        rule: 'idle_in_transaction',
        key: `${row.pid}|${row.backendStart ?? ''}|${row.xactStart ?? ''}`,
        detail: `${row.state} for ${formatSeconds(row.stateAgeMs!)} (over ${formatSeconds(seconds * 1000)}) — pid ${row.pid}, ${who(row)}`,
        sessions: [session],
        path: pathTo(
          snapshot.clusterId,
          { state: row.state ?? undefined, minDurationSeconds: seconds, by: 'stateAgeMs' },
          session,
        ),
        severity: row.stateAgeMs!,
      };
    });
}

function chainSessions(node: BlockingNode): SessionRow[] {
  const rows: SessionRow[] = [];
  const visit = (at: BlockingNode) => {
    if (at.session) rows.push(at.session);
    at.children.forEach(visit);
  };
  visit(node);
  return rows;
}

/** One condition per root blocker: its waiters waited too long (lock_wait), or too many of them (lock_chain). */
function lockConditions(snapshot: SessionsSnapshot, rules: AlertRulesConfig): AlertCondition[] {
  const { lockWaitSeconds: waitSeconds, lockChainWaiters: waiters } = rules;
  if (waitSeconds === null && waiters === null) return [];
  const conditions: AlertCondition[] = [];
  for (const root of buildBlockingTree(snapshot.sessions).roots) {
    const rootRow = root.node.session;
    const key = `${root.node.pid}|${rootRow?.backendStart ?? ''}`;
    const sessions = chainSessions(root.node).slice(0, MAX_ALERT_SESSIONS).map(notifiedSession);
    const path = pathTo(snapshot.clusterId, {}, sessions[0]);
    const holder = rootRow ? `pid ${root.node.pid} (${who(rootRow)})` : `pid ${root.node.pid}`;
    const held = `${root.total} ${root.total === 1 ? 'session' : 'sessions'}`;
    if (waitSeconds !== null && root.longestWaitMs !== null && root.longestWaitMs > waitSeconds * 1000) {
      conditions.push({
        rule: 'lock_wait',
        key,
        detail: `${held} waiting on a lock held by ${holder}, the longest for ${formatSeconds(root.longestWaitMs)} (over ${formatSeconds(waitSeconds * 1000)})`,
        sessions,
        path,
        severity: root.longestWaitMs,
      });
    }
    if (waiters !== null && root.total > waiters) {
      conditions.push({
        rule: 'lock_chain',
        key,
        detail: `${holder} holds up ${held} (more than ${waiters})`,
        sessions,
        path,
        severity: root.total,
      });
    }
  }
  return conditions;
}

function connections(snapshot: SessionsSnapshot, percent: number): AlertCondition[] {
  const max = snapshot.maxConnections;
  if (!max) return [];
  // What max_connections limits: client backends, pgwarden's own included.
  const used = snapshot.sessions.filter((row) => row.backendType === 'client backend').length;
  const share = (used / max) * 100;
  if (share < percent) return [];
  return [
    {
      rule: 'connections',
      key: 'cluster',
      detail: `${used} of ${max} connections in use (${Math.floor(share)}%, alert at ${percent}%)`,
      sessions: [],
      path: pathTo(snapshot.clusterId, {}, undefined),
      severity: share,
    },
  ];
}

function unreachable(snapshot: SessionsSnapshot, seconds: number, nowMs: number): AlertCondition[] {
  if (!snapshot.error) return [];
  const downMs = nowMs - Date.parse(snapshot.error.since);
  if (!(downMs > seconds * 1000)) return [];
  return [
    {
      rule: 'unreachable',
      key: 'cluster',
      detail: `cannot be reached for ${formatSeconds(downMs)} (over ${formatSeconds(seconds * 1000)}): ${snapshot.error.message}`,
      sessions: [],
      path: pathTo(snapshot.clusterId, {}, undefined),
      severity: downMs,
    },
  ];
}

/** Rules that judge this snapshot: while the cluster cannot be reached only `unreachable` knows anything. */
export function judgedRules(snapshot: SessionsSnapshot): AlertRule[] {
  return snapshot.error
    ? ['unreachable']
    : ['query_running', 'idle_in_transaction', 'lock_wait', 'lock_chain', 'connections', 'unreachable'];
}

export function alertConditions(
  snapshot: SessionsSnapshot,
  rules: AlertRulesConfig,
  context: ConditionContext,
): AlertCondition[] {
  if (snapshot.error) {
    return rules.unreachableSeconds === null ? [] : unreachable(snapshot, rules.unreachableSeconds, context.nowMs);
  }
  return [
    ...(rules.queryRunningSeconds === null ? [] : longQueries(snapshot, rules.queryRunningSeconds)),
    ...(rules.idleInTransactionSeconds === null ? [] : idleInTransaction(snapshot, rules.idleInTransactionSeconds)),
    ...lockConditions(snapshot, rules),
    ...(rules.connectionsPercent === null ? [] : connections(snapshot, rules.connectionsPercent)),
  ];
}

/** The rules in force for a cluster: its own `alerts` over the top-level ones. */
export function alertRulesFor(
  config: { alerts: AlertRulesConfig },
  cluster: { alerts?: Partial<AlertRulesConfig> },
): AlertRulesConfig {
  return { ...config.alerts, ...cluster.alerts };
}
