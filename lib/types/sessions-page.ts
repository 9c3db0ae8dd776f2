// What the sessions page receives: a full page (GET, or the stream's first event) and then diffs between snapshots.
import type { LockSummary } from './blocking';
import type { LiveSessionRow, SessionsSnapshot } from './session';

export interface SessionFacets {
  states: string[];
  users: string[];
  databases: string[];
  applications: string[];
  backendTypes: string[];
  clients: string[];
}

export interface SessionsPage {
  snapshot: Omit<SessionsSnapshot, 'sessions'>;
  /** Rows matching the filters, unsorted, timestamps only; the browser adds durations and the table orders them. */
  rows: LiveSessionRow[];
  total: number;
  facets: SessionFacets;
  /** Lock chains over all sessions, whatever the filters: the banner and the "blocking" badges. */
  locks: LockSummary;
}

export type RowPatch = Partial<LiveSessionRow> & Pick<LiveSessionRow, 'pid' | 'backendStart'>;

/** From the page of snapshot `base` to the page of `snapshot.snapshotId`, for one view. */
export interface SessionsDiff {
  base: number;
  snapshot: Omit<SessionsSnapshot, 'sessions'>;
  total: number;
  added: LiveSessionRow[];
  /** Only the fields that changed, with pid and backendStart to find the row. */
  changed: RowPatch[];
  /** sessionKey() of the rows that left the view. */
  removed: string[];
  /** Sent only when they changed. */
  facets?: SessionFacets;
  locks?: LockSummary;
}

/** Media type of the sessions GET's body as gzip of its JSON, compressed once per snapshot and view (Accept it). */
export const GZIPPED_SESSIONS = 'application/vnd.pgwarden.sessions+gzip';
