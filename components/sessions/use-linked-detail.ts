'use client';

import { useSearchParams } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { DETAIL_PARAM, parseSessionDetailParam } from '@/lib/notify/session-path';
import { sessionKey, type SessionRow } from '@/lib/types/session';

/**
 * Opens the detail of the session a link names (`detail=<pid>@<backend_start>`, from an alert or a notification)
 * once that session is in the table; each link opens it once, so closing the panel keeps it closed.
 */
export function useLinkedDetail(rows: SessionRow[], select: (key: string) => void, open: () => void): void {
  const linked = useSearchParams().get(DETAIL_PARAM);
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!linked || opened.current === linked) return;
    const target = parseSessionDetailParam(linked);
    const row =
      target &&
      rows.find(
        (candidate) =>
          candidate.pid === target.pid &&
          (target.backendStart === null || candidate.backendStart === target.backendStart),
      );
    if (!row) return;
    opened.current = linked;
    select(sessionKey(row));
    open();
  }, [linked, rows, select, open]);
}
