// What the sessions page receives on every refresh.
import type { LockSummary } from './blocking';
import type { SessionRow, SessionsSnapshot } from './session';

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
  /** Rows matching the filters, unsorted; the table orders them. */
  rows: SessionRow[];
  total: number;
  facets: SessionFacets;
  /** Lock chains over all sessions, whatever the filters: the banner and the "blocking" badges. */
  locks: LockSummary;
}
