'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import { durationKeys, sessionKey, type DurationKey, type SessionRow } from '@/lib/types/session';
import type { SessionView } from '@/lib/types/session-view';
import { Duration } from './db-clock';
import { StateBadge } from './state-badge';
import { useOrderHeldWhileTouched } from './use-order-held-while-touched';

const CARD_HEIGHT = 140;

const durationLabels: Record<DurationKey, string> = {
  queryAgeMs: 'query',
  xactAgeMs: 'xact',
  stateAgeMs: 'in state',
  backendAgeMs: 'backend',
};

/** The duration that orders the cards: the sorted column when it is one, else the view's "by" duration. */
function shownDuration(view: SessionView): DurationKey {
  const sort = view.sort;
  return sort && (durationKeys as readonly string[]).includes(sort) ? (sort as DurationKey) : view.by;
}

interface Props {
  rows: SessionRow[];
  view: SessionView;
  selectedKey: string | null;
  onOpen: (row: SessionRow) => void;
}

/**
 * Sessions on a phone: one card per session, in the table's order, virtualised like the table. Live updates never move
 * the card under the thumb: the order is held while a finger is on the list, and when a new order lands the card at
 * the top of the screen keeps its place (scroll anchored on it) unless the list is scrolled to its very top.
 */
export function SessionCards({ rows, view, selectedKey, onOpen }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [shown, touch] = useOrderHeldWhileTouched(rows);
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_HEIGHT,
    overscan: 6,
    initialRect: { width: 412, height: 900 },
  });
  const durationKey = shownDuration(view);

  const previous = useRef<SessionRow[]>(shown);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    const before = previous.current;
    previous.current = shown;
    if (!element || before === shown || element.scrollTop === 0) return;
    const topIndex = Math.floor(element.scrollTop / CARD_HEIGHT);
    const top = before[topIndex];
    if (!top) return;
    const key = sessionKey(top);
    const now = shown[topIndex];
    if (now && sessionKey(now) === key) return;
    const index = shown.findIndex((row) => sessionKey(row) === key);
    if (index >= 0) element.scrollTop = index * CARD_HEIGHT + (element.scrollTop - topIndex * CARD_HEIGHT);
  }, [shown]);

  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-auto overscroll-contain" {...touch}>
      <ul
        aria-label="Sessions"
        data-testid="session-cards"
        data-count={shown.length}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const row = shown[item.index];
          if (!row) return null;
          const key = sessionKey(row);
          return (
            <li
              key={key}
              className="absolute left-0 w-full px-3 py-1"
              style={{ height: CARD_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <button
                type="button"
                data-testid="session-card"
                data-pid={row.pid}
                aria-current={key === selectedKey || undefined}
                onClick={() => onOpen(row)}
                className={`flex h-full w-full flex-col gap-1 overflow-hidden rounded-lg border p-3 text-left text-sm shadow-sm ${
                  key === selectedKey
                    ? 'border-sky-500 bg-sky-50 dark:bg-sky-950'
                    : 'border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900'
                }`}
              >
                <span className="flex w-full items-baseline justify-between gap-2">
                  <span className="font-semibold tabular-nums">
                    {row.leaderPid !== null && <span className="text-zinc-600">↳ </span>}
                    {row.pid}
                  </span>
                  <span className="tabular-nums font-semibold" data-testid="card-duration">
                    <span className="text-xs font-normal text-zinc-600 dark:text-zinc-400">
                      {durationLabels[durationKey]}{' '}
                    </span>
                    {row[durationKey] === null ? '—' : <Duration ms={row[durationKey]} />}
                  </span>
                </span>
                <span className="w-full truncate">
                  {row.user === null && row.database === null
                    ? row.backendType
                    : `${row.user ?? '—'}@${row.database ?? '—'}`}
                  {row.applicationName && (
                    <span className="text-zinc-600 dark:text-zinc-400"> · {row.applicationName}</span>
                  )}
                </span>
                <StateBadge row={row} />
                <span className="line-clamp-2 w-full break-all font-mono text-xs text-zinc-700 dark:text-zinc-300">
                  {row.query || (row.backendType === 'client backend' ? '(query not visible)' : row.backendType)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {shown.length === 0 && <p className="p-6 text-sm text-zinc-600">No session matches these filters.</p>}
    </div>
  );
}
