'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import {
  auditFilterKeys,
  auditFilterToParams,
  flattenSearchParams,
  pickAuditFilterParams,
  type AuditFilterParams,
} from '@/lib/types/audit';

/** The audit filters live in the URL, so a pasted link opens the same entries; each change is a history entry. */
export function useAuditFilter(): [AuditFilterParams, (change: AuditFilterParams) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const filter = useMemo(() => {
    // get() reads the first value of a repeated key, as the server page does.
    const raw = Object.fromEntries(auditFilterKeys.map((key) => [key, searchParams.get(key) ?? undefined]));
    return pickAuditFilterParams(flattenSearchParams(raw));
  }, [searchParams]);
  const update = useCallback(
    (change: AuditFilterParams) => {
      const next = auditFilterToParams({ ...filter, ...change }).toString();
      // Next.js syncs history.pushState with useSearchParams without a server round trip.
      window.history.pushState(null, '', next ? `${pathname}?${next}` : pathname);
    },
    [filter, pathname],
  );
  return [filter, update];
}
