'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchResult } from '@/components/query/fetch-result';
import type { FleetOverview } from '@/lib/model/fleet-overview';
import { fleetQueryKey } from './fleet-query-key';

/** The samplers' default interval: each card is as fresh as its cluster's latest snapshot. */
export const FLEET_REFRESH_MS = 2000;

export function useFleetOverview() {
  return useQuery({
    queryKey: fleetQueryKey,
    queryFn: () => fetchResult<FleetOverview>('/api/fleet'),
    refetchInterval: FLEET_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
