'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseSessionView, sessionViewToParams, type SessionView } from '@/lib/types/session-view';

/** The table's view lives in the URL, so a pasted link opens the same view. */
export function useSessionView(): [SessionView, (change: Partial<SessionView>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const view = useMemo(() => parseSessionView(Object.fromEntries(searchParams.entries())), [searchParams]);
  const update = useCallback(
    (change: Partial<SessionView>) => {
      const next = sessionViewToParams({ ...view, ...change }).toString();
      // Next.js syncs history.replaceState with useSearchParams without a server round trip.
      window.history.replaceState(null, '', next ? `${pathname}?${next}` : pathname);
    },
    [view, pathname],
  );
  return [view, update];
}
