'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { DETAIL_PARAM, parseSessionDetailParam, sessionDetailParam } from '@/lib/notify/session-path';
import { sessionKey, type SessionRow } from '@/lib/types/session';

type Target = { pid: number; backendStart: string | null };

const matches = (row: SessionRow, target: Target) =>
  row.pid === target.pid && (target.backendStart === null || row.backendStart === target.backendStart);

/** Keeps `detail=` in the address while a detail is open, so the address bar is a link to it. */
function writeDetailParam(target: Target | null) {
  const url = new URL(window.location.href);
  if (target) url.searchParams.set(DETAIL_PARAM, sessionDetailParam(target));
  else if (url.searchParams.has(DETAIL_PARAM)) url.searchParams.delete(DETAIL_PARAM);
  else return;
  window.history.replaceState(null, '', `${url.pathname}${url.search}`);
}

/**
 * The session whose detail is chosen (by click, j/k, or a `detail=<pid>@<backend_start>` link) and whether its
 * detail is open; `gone` says plainly why it is not shown once the snapshot lacks it.
 */
export function useSessionSelection(rows: SessionRow[], loaded: boolean, filtered: boolean) {
  const searchParams = useSearchParams();
  const [linked] = useState(() => searchParams.get(DETAIL_PARAM));
  const [target, setTarget] = useState<Target | null>(() => parseSessionDetailParam(linked));
  const [detailOpen, setDetailOpen] = useState(linked !== null);
  const selected = useMemo(() => (target ? (rows.find((row) => matches(row, target)) ?? null) : null), [rows, target]);
  const selectedKey = selected ? sessionKey(selected) : null;

  let gone: string | null = null;
  if (detailOpen && !selected && loaded) {
    gone = target
      ? `Session ${target.pid}${target.backendStart ? ` (started ${target.backendStart})` : ''} is gone: it is not in ` +
        `the latest snapshot, so it has ended${target.backendStart ? ' (its pid may now belong to a new backend)' : ''}` +
        `${filtered ? ', or the filters above hide it' : ''}.`
      : `This link names no session: detail=${linked ?? ''} should read <pid>@<backend_start>.`;
  }

  const select = useCallback((row: SessionRow) => setTarget({ pid: row.pid, backendStart: row.backendStart }), []);
  const openRow = useCallback((row: SessionRow) => {
    setTarget({ pid: row.pid, backendStart: row.backendStart });
    setDetailOpen(true);
    writeDetailParam(row);
  }, []);
  const open = useCallback(() => {
    if (!selected) return;
    setDetailOpen(true);
    writeDetailParam(selected);
  }, [selected]);
  const close = useCallback(() => {
    setDetailOpen(false);
    writeDetailParam(null);
  }, []);
  const move = useCallback(
    (step: 1 | -1) => {
      if (rows.length === 0) return;
      const index = selectedKey === null ? -1 : rows.findIndex((row) => sessionKey(row) === selectedKey);
      const next = rows[index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step))]!;
      select(next);
      if (detailOpen) writeDetailParam(next);
    },
    [rows, selectedKey, select, detailOpen],
  );
  return { selected, selectedKey, detailOpen, gone, select, openRow, open, close, move };
}
