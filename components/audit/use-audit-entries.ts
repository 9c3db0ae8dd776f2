'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { auditFilterToParams, type AuditFilterParams, type AuditPage } from '@/lib/types/audit';
import { fetchResult } from '@/components/query/fetch-result';
import { auditQueryKey } from './audit-query-key';

/** New entries arrive as signals are sent; a slow poll keeps the page current without loading the state database. */
const POLL_MS = 15_000;

function fetchAuditPage(filter: AuditFilterParams, before: string | null): Promise<AuditPage> {
  const params = auditFilterToParams(filter);
  if (before) params.set('before', before);
  return fetchResult<AuditPage>(`/api/audit?${params}`);
}

/** Newest first; later pages are older entries, fetched by keyset cursor. */
export function useAuditEntries(filter: AuditFilterParams) {
  return useInfiniteQuery({
    queryKey: auditQueryKey(filter),
    queryFn: ({ pageParam }) => fetchAuditPage(filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
