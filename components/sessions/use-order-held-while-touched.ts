'use client';

import { useMemo, useRef, useState, type TouchEventHandler } from 'react';
import { sessionKey, type SessionRow } from '@/lib/types/session';

// After the finger lifts, the tap's click and the scroll's momentum land before the order may change.
const RELEASE_AFTER_MS = 700;

/**
 * While a finger is on the list the cards keep the order they had when it touched down: rows update in place,
 * sessions that ended stay as they were, new ones wait; the newest order applies once the finger has lifted.
 */
export function useOrderHeldWhileTouched(rows: SessionRow[]) {
  const [held, setHeld] = useState<SessionRow[] | null>(null);
  const release = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const shown = useMemo(() => {
    if (!held) return rows;
    const current = new Map(rows.map((row) => [sessionKey(row), row]));
    return held.map((row) => current.get(sessionKey(row)) ?? row);
  }, [held, rows]);

  const onTouchStart: TouchEventHandler = () => {
    clearTimeout(release.current);
    setHeld((current) => current ?? shown);
  };
  const onTouchEnd: TouchEventHandler = (event) => {
    if (event.touches.length > 0) return;
    clearTimeout(release.current);
    release.current = setTimeout(() => setHeld(null), RELEASE_AFTER_MS);
  };
  return [shown, { onTouchStart, onTouchEnd, onTouchCancel: onTouchEnd }] as const;
}
