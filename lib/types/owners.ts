// Who owns the live sessions: client sessions grouped by user, application, client address, database or team (pure).
import { z } from 'zod';
import type { SessionRow, SessionsSnapshot } from './session';

export const ownerDimensions = ['user', 'application', 'client', 'database', 'team'] as const;
export type OwnerDimension = (typeof ownerDimensions)[number];

export const ownerDimensionLabels: Record<OwnerDimension, string> = {
  user: 'User',
  application: 'Application',
  client: 'Client address',
  database: 'Database',
  team: 'Team',
};

/** Parsed from the URL on both sides; an unknown value falls back to grouping by user. */
export const ownerDimensionSchema = z.enum(ownerDimensions).catch('user');

export interface OwnerGroup {
  /** The user, application, client address, database or team; null when the session has none (e.g. a local socket). */
  key: string | null;
  sessions: number;
  /** Sessions per state ("hidden" when pgwarden's role may not see it). */
  states: Record<string, number>;
  active: number;
  /** Idle in transaction, aborted or not. */
  idleInTransaction: number;
  waitingOnLocks: number;
  longestQueryMs: number | null;
  longestQueryPid: number | null;
  /** Sum of the query ages of the active sessions, by the database clock. */
  totalRunningMs: number;
}

export interface OwnersPage {
  snapshot: Omit<SessionsSnapshot, 'sessions'>;
  by: OwnerDimension;
  groups: OwnerGroup[];
  /** Grouped by team: each configured team's contact, by team name. */
  contacts?: Record<string, string>;
}

const pickers: Record<OwnerDimension, (row: SessionRow) => string | null> = {
  user: (row) => row.user,
  application: (row) => row.applicationName || null,
  client: (row) => row.clientAddr,
  database: (row) => row.database,
  team: (row) => row.team,
};

/** The sessions someone owns: client backends, without pgwarden's own connections. */
export function isOwnedSession(row: SessionRow): boolean {
  return row.backendType === 'client backend' && !row.isPgwarden;
}

function emptyGroup(key: string | null): OwnerGroup {
  return {
    key,
    sessions: 0,
    states: {},
    active: 0,
    idleInTransaction: 0,
    waitingOnLocks: 0,
    longestQueryMs: null,
    longestQueryPid: null,
    totalRunningMs: 0,
  };
}

/** Groups with the most running time first, then the most sessions. */
export function groupSessions(rows: SessionRow[], by: OwnerDimension): OwnerGroup[] {
  const groups = new Map<string | null, OwnerGroup>();
  for (const row of rows) {
    if (!isOwnedSession(row)) continue;
    const key = pickers[by](row);
    const group = groups.get(key) ?? emptyGroup(key);
    groups.set(key, group);
    const state = row.state ?? 'hidden';
    group.sessions++;
    group.states[state] = (group.states[state] ?? 0) + 1;
    if (state === 'active') {
      group.active++;
      group.totalRunningMs += row.queryAgeMs ?? 0;
    }
    if (state.startsWith('idle in transaction')) group.idleInTransaction++;
    if (row.blockedBy.length > 0) group.waitingOnLocks++;
    if (row.queryAgeMs !== null && (group.longestQueryMs === null || row.queryAgeMs > group.longestQueryMs)) {
      group.longestQueryMs = row.queryAgeMs;
      group.longestQueryPid = row.pid;
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.totalRunningMs - a.totalRunningMs || b.sessions - a.sessions || (a.key ?? '').localeCompare(b.key ?? ''),
  );
}

/**
 * The sessions page filtered to one group (its URL filters carry the same names as the dimensions); null when the
 * group has no value to filter on.
 */
export function ownerSessionsHref(clusterId: string, by: OwnerDimension, key: string | null): string | null {
  // The sessions page has no team filter; a team's sessions are those of its users and applications.
  if (key === null || by === 'team') return null;
  const params = new URLSearchParams({ [by]: key });
  return `/clusters/${encodeURIComponent(clusterId)}/sessions?${params}`;
}
