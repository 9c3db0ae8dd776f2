'use client';

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { auditFilterToParams, type AuditFilterParams, type AuditPage } from '@/lib/types/audit';
import type { Result } from '@/lib/types/result';
import { auditQueryKey } from './audit-query-key';

/** New entries arrive as signals are sent; a slow poll keeps the page current without loading the state database. */
const POLL_MS = 15_000;

export class AuditRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function fetchAuditPage(filter: AuditFilterParams, before: string | null): Promise<AuditPage> {
  const params = auditFilterToParams(filter);
  if (before) params.set('before', before);
  let response: Response;
  try {
    response = await fetch(`/api/audit?${params}`, { cache: 'no-store' });
  } catch {
    throw new AuditRequestError(
      'offline',
      'pgwarden itself cannot be reached; check your network or the console server.',
    );
  }
  const result = (await response.json().catch(() => null)) as Result<AuditPage> | null;
  if (!result) throw new AuditRequestError('internal', `pgwarden answered ${response.status}; try again.`);
  if (!result.ok) throw new AuditRequestError(result.code, result.message);
  return result.data;
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
