'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { fetchResult } from '@/components/query/fetch-result';
import { ownerDimensionSchema, type OwnerDimension, type OwnersPage } from '@/lib/types/owners';
import { ownersQueryKey } from './owners-query-key';

export const OWNERS_REFRESH_MS = 2000;

export function useOwners(clusterId: string, by: OwnerDimension) {
  return useQuery({
    queryKey: ownersQueryKey(clusterId, by),
    queryFn: () => fetchResult<OwnersPage>(`/api/clusters/${encodeURIComponent(clusterId)}/owners?by=${by}`),
    refetchInterval: OWNERS_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

/** The grouping lives in the URL (?by=), so a link opens the same grouping. */
export function useOwnerDimension(): [OwnerDimension, (by: OwnerDimension) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const by = ownerDimensionSchema.parse(searchParams.get('by') ?? undefined);
  const change = useCallback(
    (next: OwnerDimension) => window.history.pushState(null, '', `${pathname}?by=${next}`),
    [pathname],
  );
  return [by, change];
}
