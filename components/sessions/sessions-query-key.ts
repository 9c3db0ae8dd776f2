// Query key for the sessions table: the server prefetch, the client poll and the stream must agree on it. One per
// cluster: the page holds every session and filters them itself (lib/model/page-view.ts).
export function sessionsQueryKey(clusterId: string) {
  return ['sessions', clusterId, 'every'] as const;
}
