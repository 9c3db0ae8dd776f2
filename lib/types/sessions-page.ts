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

/**
 * What the page paints first: the first rows of the view in its order, the whole page's other parts, and how many
 * rows the view shows in all. The whole page comes with it and takes its place once that frame is painted.
 */
export interface SessionsFirstScreen {
  /** The view it was built for, as the address's parameters (sessionViewToParams). */
  view: string;
  shown: number;
  page: SessionsPage;
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
