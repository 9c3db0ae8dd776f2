// One line per cluster for the fleet overview, computed from a sampler snapshot, and the score that ranks them worst
// first (pure; server and client).
import { buildBlockingTree } from '@/lib/types/blocking';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';

/** The connection limits of a server, read by the settings probe every few minutes. */
export interface ConnectionSettings {
  maxConnections: number;
  superuserReservedConnections: number;
  /** reserved_connections (PostgreSQL 16+: slots for pg_use_reserved_connections); null on older servers. */
  reservedConnections: number | null;
}

/** A session the overview names: enough to say who it is and to open its detail panel. */
export interface NamedSession {
  pid: number;
  backendStart: string | null;
  user: string | null;
  applicationName: string;
  ageMs: number | null;
}

export interface ClusterOverview {
  id: string;
  name: string;
  /** null before the first sample has been taken. */
  reachable: boolean | null;
  /** While the cluster cannot be reached: the error and since when (ISO 8601); figures are then the last good ones. */
  error: { message: string; since: string } | null;
  /** The snapshot's database time, and its age when the overview was computed. */
  takenAt: string | null;
  ageMs: number | null;
  serverVersion: string | null;
  connections: {
    /** Client backends, pgwarden's own included: what max_connections limits. */
    used: number;
    settings: ConnectionSettings | null;
  };
  /** Client backends running a statement, pgwarden's own excluded. */
  active: number;
  idleInTransaction: { count: number; oldest: NamedSession | null };
  /** The longest-running active query of a client backend (pgwarden's own excluded); ageMs is the query's age. */
  longestQuery: NamedSession | null;
  locks: {
    /** Sessions others wait on that wait on nobody (or were picked to show a cycle). */
    roots: number;
    /** Distinct sessions waiting on a lock held by another session. */
    waiting: number;
    longestWaitMs: number | null;
    /** The root holding up the most sessions. */
    worstRoot: (NamedSession & { holdsUp: number }) | null;
  };
  /** The oldest open transaction (pgwarden's own excluded); ageMs is the transaction's age. */
  oldestTransaction: NamedSession | null;
  /** The backend holding back vacuum the most, with the horizon's age in transactions. */
  oldestXmin: { pid: number; backendStart: string | null; ageXids: number } | null;
  /**
   * Open alerts of this cluster: null until the alert evaluator fills it in (it adds the count, and its rank term
   * below, where this overview is computed: lib/fleet/fleet-state.ts).
   */
  openAlerts: number | null;
  score: number;
  /** What the score is made of, worst first: short sentences for the card. */
  reasons: string[];
}

export interface FleetOverview {
  /** Numbers the fleet's state: it changes whenever a cluster's line does. */
  version: number;
  clusters: ClusterOverview[];
}

// The score (README "Fleet overview"): each term outweighs every term below it put together.
export const SCORE = {
  unreachable: 100_000,
  /** An alert rule of the config holds: someone chose this as worth a page. */
  openAlerts: 20_000,
  /** Plus the number of sessions waiting (at most 999). */
  lockChain: 10_000,
  connectionsNearlyFull: 4_000,
  connectionsFilling: 2_000,
  longQuery: 800,
  longQueryMinute: 400,
  idleInTransaction: 200,
  idleInTransactionMinute: 100,
  oldTransaction: 50,
} as const;

export const THRESHOLDS = {
  /** A lock chain counts once its longest wait is this long: short waits are normal contention. */
  lockWaitMs: 1000,
  /** Share of the slots ordinary logins may use (max_connections minus both reserves). */
  connectionsNearlyFull: 0.9,
  connectionsFilling: 0.75,
  longQueryMs: 5 * 60_000,
  minuteMs: 60_000,
  oldTransactionMs: 60 * 60_000,
} as const;

const isOwn = (row: SessionRow) => row.isPgwarden;
const isClient = (row: SessionRow) => row.backendType === 'client backend';

function named(row: SessionRow, ageMs: number | null): NamedSession {
  return {
    pid: row.pid,
    backendStart: row.backendStart,
    user: row.user,
    applicationName: row.applicationName,
    ageMs,
  };
}

/** The row with the largest `value`, ignoring nulls. */
function oldest(rows: SessionRow[], value: (row: SessionRow) => number | null): SessionRow | null {
  let best: SessionRow | null = null;
  let bestValue = -Infinity;
  for (const row of rows) {
    const v = value(row);
    if (v !== null && v > bestValue) [best, bestValue] = [row, v];
  }
  return best;
}

/** Slots ordinary logins may use: max_connections minus superuser_reserved_connections and reserved_connections. */
export function ordinarySlots(settings: ConnectionSettings): number {
  return Math.max(
    1,
    settings.maxConnections - settings.superuserReservedConnections - (settings.reservedConnections ?? 0),
  );
}

export function formatAge(ms: number | null): string {
  if (ms === null) return '';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

type Figures = Omit<ClusterOverview, 'score' | 'reasons'>;

/** The score and its reasons; exported for the README's examples and the tests. */
export function scoreOf(figures: Figures): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = 0;
  if (figures.reachable === false) {
    score += SCORE.unreachable;
    reasons.push('cannot reach');
  }
  if ((figures.openAlerts ?? 0) > 0) {
    score += SCORE.openAlerts;
    reasons.push(`${figures.openAlerts} open ${figures.openAlerts === 1 ? 'alert' : 'alerts'}`);
  }
  const { locks, connections, longestQuery, idleInTransaction, oldestTransaction } = figures;
  if (locks.waiting > 0 && (locks.longestWaitMs ?? 0) >= THRESHOLDS.lockWaitMs) {
    score += SCORE.lockChain + Math.min(999, locks.waiting);
    reasons.push(`${locks.waiting} waiting on locks, longest ${formatAge(locks.longestWaitMs)}`);
  }
  if (connections.settings) {
    const share = connections.used / ordinarySlots(connections.settings);
    if (share >= THRESHOLDS.connectionsNearlyFull) score += SCORE.connectionsNearlyFull;
    else if (share >= THRESHOLDS.connectionsFilling) score += SCORE.connectionsFilling;
    if (share >= THRESHOLDS.connectionsFilling) reasons.push(`connections ${Math.round(share * 100)}% used`);
  }
  const queryAge = longestQuery?.ageMs ?? 0;
  if (queryAge >= THRESHOLDS.longQueryMs) score += SCORE.longQuery;
  else if (queryAge >= THRESHOLDS.minuteMs) score += SCORE.longQueryMinute;
  if (queryAge >= THRESHOLDS.minuteMs) reasons.push(`query running ${formatAge(queryAge)}`);
  const idleAge = idleInTransaction.oldest?.ageMs ?? 0;
  if (idleAge >= THRESHOLDS.longQueryMs) score += SCORE.idleInTransaction;
  else if (idleAge >= THRESHOLDS.minuteMs) score += SCORE.idleInTransactionMinute;
  if (idleAge >= THRESHOLDS.minuteMs) reasons.push(`idle in transaction ${formatAge(idleAge)}`);
  if ((oldestTransaction?.ageMs ?? 0) >= THRESHOLDS.oldTransactionMs) {
    score += SCORE.oldTransaction;
    reasons.push(`transaction open ${formatAge(oldestTransaction?.ageMs ?? 0)}`);
  }
  return { score, reasons };
}

export interface ClusterOverviewInput {
  id: string;
  name: string;
  /** null before the first sample. */
  snapshot: SessionsSnapshot | null;
  settings: ConnectionSettings | null;
  /** Milliseconds since the last good sample, as the sampler says. */
  ageMs: number | null;
  /** Open alerts of the cluster (null: no state database, or not read yet). */
  openAlerts: number | null;
}

export function summarizeCluster({
  id,
  name,
  snapshot,
  settings,
  ageMs,
  openAlerts,
}: ClusterOverviewInput): ClusterOverview {
  const sampled = snapshot !== null && (snapshot.takenAt !== null || snapshot.error !== null);
  const rows = snapshot?.sessions ?? [];
  const clients = rows.filter(isClient);
  const others = clients.filter((row) => !isOwn(row));
  const idle = others.filter((row) => row.state?.startsWith('idle in transaction'));
  const active = others.filter((row) => row.state === 'active');
  const longest = oldest(active, (row) => row.queryAgeMs);
  const oldestIdle = oldest(idle, (row) => row.xactAgeMs);
  const oldestXact = oldest(
    rows.filter((row) => !isOwn(row)),
    (row) => row.xactAgeMs,
  );
  const tree = buildBlockingTree(rows);
  const worst = tree.roots[0];
  let longestWaitMs: number | null = null;
  for (const root of tree.roots) {
    if (root.longestWaitMs !== null && (longestWaitMs === null || root.longestWaitMs > longestWaitMs))
      longestWaitMs = root.longestWaitMs;
  }
  const figures: Figures = {
    id,
    name,
    reachable: sampled ? snapshot.error === null : null,
    error: snapshot?.error ?? null,
    takenAt: snapshot?.takenAt ?? null,
    ageMs,
    serverVersion: snapshot?.serverVersion ?? null,
    connections: { used: clients.length, settings },
    active: active.length,
    idleInTransaction: { count: idle.length, oldest: oldestIdle && named(oldestIdle, oldestIdle.xactAgeMs) },
    longestQuery: longest && named(longest, longest.queryAgeMs),
    locks: {
      roots: tree.roots.length,
      waiting: tree.waiting,
      longestWaitMs,
      worstRoot:
        worst?.node.session != null
          ? { ...named(worst.node.session, worst.node.session.xactAgeMs), holdsUp: worst.total }
          : null,
    },
    oldestTransaction: oldestXact && named(oldestXact, oldestXact.xactAgeMs),
    oldestXmin: snapshot?.oldestXmin ?? null,
    openAlerts,
  };
  return { ...figures, ...scoreOf(figures) };
}

/** Worst first: highest score, then the longest outage, then the id. */
export function rankClusters(clusters: ClusterOverview[]): ClusterOverview[] {
  return [...clusters].sort(
    (a, b) =>
      b.score - a.score ||
      (a.error?.since ?? '').localeCompare(b.error?.since ?? '') ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
