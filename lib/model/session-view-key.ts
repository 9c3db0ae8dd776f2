// The part of a sessions view the server's answer depends on (filters and the duration they use), normalised.
import type { SessionView } from '@/lib/types/session-view';

export function sessionsFilterOf(view: SessionView) {
  return {
    state: view.state || undefined,
    user: view.user || undefined,
    database: view.database || undefined,
    application: view.application || undefined,
    client: view.client || undefined,
    backendType: view.backendType || undefined,
    minDurationSeconds: view.minDurationSeconds || undefined,
    hideIdle: view.hideIdle,
    showPgwarden: view.showPgwarden,
    search: view.search || undefined,
    by: view.by,
  };
}

/** Equal for two views that select the same rows; sort, refresh interval and pause do not count. */
export function sessionViewKey(view: SessionView): string {
  return JSON.stringify(sessionsFilterOf(view));
}
