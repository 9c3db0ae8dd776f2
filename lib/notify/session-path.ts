// Paths into the sessions page for links sent outside pgwarden: the filters of the view, and the one session whose
// detail opens (`detail=<pid>@<backend_start>`, read by the sessions page).
import { sessionViewToParams, type SessionView, defaultSessionView } from '@/lib/types/session-view';

export const DETAIL_PARAM = 'detail';

export function sessionDetailParam(session: { pid: number; backendStart: string | null }): string {
  return session.backendStart ? `${session.pid}@${session.backendStart}` : String(session.pid);
}

/** Parses `detail=`: a pid and, when given, its exact backend_start text; null when unreadable. */
export function parseSessionDetailParam(
  value: string | null | undefined,
): { pid: number; backendStart: string | null } | null {
  if (!value) return null;
  const at = value.indexOf('@');
  const pidText = at === -1 ? value : value.slice(0, at);
  if (!/^[1-9]\d{0,9}$/.test(pidText)) return null;
  const pid = Number(pidText);
  if (pid > 2_147_483_647) return null;
  const backendStart = at === -1 ? null : value.slice(at + 1);
  if (backendStart !== null && (backendStart.length === 0 || backendStart.length > 40)) return null;
  return { pid, backendStart };
}

export function sessionsPath(
  clusterId: string,
  view: Partial<SessionView> = {},
  detail?: { pid: number; backendStart: string | null },
): string {
  const params = sessionViewToParams({ ...defaultSessionView, ...view });
  if (detail) params.set(DETAIL_PARAM, sessionDetailParam(detail));
  const query = params.toString();
  return `/clusters/${encodeURIComponent(clusterId)}/sessions${query ? `?${query}` : ''}`;
}
