// Query keys for the sessions table: the server prefetch, the client poll and the stream must agree on them.
import { sessionsFilterOf } from '@/lib/model/session-view-key';
import type { SessionView } from '@/lib/types/session-view';

export function sessionsQueryKey(clusterId: string, view: SessionView) {
  return ['sessions', clusterId, sessionsFilterOf(view)] as const;
}
