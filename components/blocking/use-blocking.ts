'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchResult } from '@/components/query/fetch-result';
import type { BlockingPage } from '@/lib/types/blocking';
import { blockingQueryKey } from './blocking-query-key';

export const BLOCKING_REFRESH_MS = 2000;

export function useBlocking(clusterId: string) {
  return useQuery({
    queryKey: blockingQueryKey(clusterId),
    queryFn: () => fetchResult<BlockingPage>(`/api/clusters/${encodeURIComponent(clusterId)}/blocking`),
    refetchInterval: BLOCKING_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
