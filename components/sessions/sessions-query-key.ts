// Query keys for the sessions table: the server prefetch and the client poll must agree on them.
import type { SessionView } from '@/lib/types/session-view';

export function sessionsFilterOf(view: SessionView) {
  return {
    state: view.state,
    user: view.user,
    database: view.database,
    application: view.application,
    client: view.client,
    backendType: view.backendType,
    minDurationSeconds: view.minDurationSeconds,
    hideIdle: view.hideIdle,
    showPgwarden: view.showPgwarden,
    search: view.search,
    by: view.by,
  };
}

export function sessionsQueryKey(clusterId: string, view: SessionView) {
  return ['sessions', clusterId, sessionsFilterOf(view)] as const;
}
