// The browser subscribes to every session of its cluster and applies the view's filters itself: a filter change then
// costs no round trip, and the server keeps one encoded view per cluster for all browsers. Scripts still filter on
// the server (the same filterSessions), through the GET and the stream's query parameters.
import type { SessionRow } from '@/lib/types/session';
import {
  defaultSessionView,
  filterSessions,
  orderSessions,
  sessionViewToParams,
  type SessionView,
} from '@/lib/types/session-view';

/** What the page asks the GET and the stream for: no filter (pgwarden's own sessions included), the view's interval. */
export function everySessionView(view: Pick<SessionView, 'interval'>): SessionView {
  return { ...defaultSessionView, showPgwarden: true, interval: view.interval };
}

/** The page's GET (`sessions`) or stream (`sessions/stream`): both ask for the same view, so the hub encodes one. */
export function pageSessionsUrl(
  clusterId: string,
  view: Pick<SessionView, 'interval'>,
  endpoint: 'sessions' | 'sessions/stream',
): string {
  return `/api/clusters/${encodeURIComponent(clusterId)}/${endpoint}?${sessionViewToParams(everySessionView(view))}`;
}

/** Rows the page's first frame gets (a tall screen shows about 40): the rest follow once that frame is painted. */
export const FIRST_SCREEN_ROWS = 60;

/** The rows the table shows: the view's filters, then its order. */
export function shownSessions(rows: SessionRow[], view: SessionView): SessionRow[] {
  return orderSessions(filterSessions(rows, view), view);
}
