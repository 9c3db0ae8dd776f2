// Under 'sessions' on purpose: the signal dialog invalidates ['sessions', clusterId], which refreshes this view too.
export function blockingQueryKey(clusterId: string) {
  return ['sessions', clusterId, 'blocking'] as const;
}
