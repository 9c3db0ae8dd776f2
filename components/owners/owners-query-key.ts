// Under 'sessions' on purpose: the signal dialog invalidates ['sessions', clusterId], which refreshes this view too.
import type { OwnerDimension } from '@/lib/types/owners';

export function ownersQueryKey(clusterId: string, by: OwnerDimension) {
  return ['sessions', clusterId, 'owners', by] as const;
}
