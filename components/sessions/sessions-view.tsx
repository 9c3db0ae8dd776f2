'use client';

import { useCallback, useMemo, useRef, useState } from 'react';
import { BlockersProvider } from '@/components/blocking/blockers-context';
import { LockChainBanner } from '@/components/blocking/lock-chain-banner';
import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { BulkBar } from '@/components/signals/bulk-bar';
import { SignalButtons } from '@/components/signals/signal-buttons';
import { SignalDialog, type SignalRequest } from '@/components/signals/signal-dialog';
import type { RoleName } from '@/lib/config/schema';
import { sessionKey, type SessionRow } from '@/lib/types/session';
import { offersSignals, orderSessions, type SortColumn } from '@/lib/types/session-view';
import { withDurations } from '@/lib/model/session-durations';
import type { SignalAction } from '@/lib/types/signal';
import { DbClockProvider } from './db-clock';
import { SessionDetail } from './session-detail';
import { SessionFilters } from './session-filters';
import { SessionsTable } from './sessions-table';
import { SnapshotStatus } from './snapshot-status';
import { useSessionView } from './use-session-view';
import { useSessions } from './use-sessions';
import { useLinkedDetail } from './use-linked-detail';
import { useTableKeys } from './use-table-keys';

interface Props {
  clusterId: string;
  role: RoleName;
  initialError: string | null;
}

export function SessionsView({ clusterId, role, initialError }: Props) {
  const [view, updateView] = useSessionView();
  const query = useSessions(clusterId, view);
  useSignInWhenExpired(query.error);
  const page = query.data;
  // Durations by the database clock: the snapshot's taken_at minus each row's timestamps.
  const timed = useMemo(() => withDurations(page?.rows ?? [], page?.snapshot.takenAt ?? null), [page]);
  const { sort, dir, by } = view;
  const rows = useMemo(() => orderSessions(timed, { sort, dir, by }), [timed, sort, dir, by]);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const selected = rows.find((row) => sessionKey(row) === selectedKey) ?? null;
  const [request, setRequest] = useState<SignalRequest | null>(null);
  // Keyed by backend, so a pid reused between the click and the dialog is never carried into it.
  const [checkedKeys, setCheckedKeys] = useState<Set<string>>(new Set());
  const canSignal = role === 'operator' || role === 'admin';
  const canBulk = role === 'admin';
  // Neither pgwarden's own connections nor rows its role cannot identify (no backend_start visible) are signalled.
  const signalable = useMemo(() => rows.filter(offersSignals), [rows]);
  const checkedRows = rows.filter((row) => checkedKeys.has(sessionKey(row)));
  const openSignal = useCallback((action: SignalAction, targets: SessionRow[]) => setRequest({ action, targets }), []);
  const onCheck = useCallback((row: SessionRow, checked: boolean) => {
    setCheckedKeys((current) => {
      const next = new Set(current);
      if (checked) next.add(sessionKey(row));
      else next.delete(sessionKey(row));
      return next;
    });
  }, []);

  const onSort = useCallback(
    (column: SortColumn) => {
      const current = view.sort ?? view.by;
      const dir =
        current === column
          ? view.sort && view.dir === 'asc'
            ? 'desc'
            : 'asc'
          : column.endsWith('Ms')
            ? 'desc'
            : 'asc';
      updateView({ sort: column, dir });
    },
    [view, updateView],
  );
  const move = useCallback(
    (step: 1 | -1) => {
      if (rows.length === 0) return;
      const index = rows.findIndex((row) => sessionKey(row) === selectedKey);
      const next = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step));
      setSelectedKey(sessionKey(rows[next]!));
    },
    [rows, selectedKey],
  );
  const open = useCallback(() => setDetailOpen(selectedKey !== null), [selectedKey]);
  const close = useCallback(() => setDetailOpen(false), []);
  const openLinked = useCallback(() => setDetailOpen(true), []);
  useTableKeys({ searchRef, move, open, close });
  useLinkedDetail(rows, setSelectedKey, openLinked);

  const requestError = query.error ? query.error.message : query.data ? null : initialError;
  return (
    <BlockersProvider locks={query.data?.locks}>
      <SessionFilters view={view} facets={query.data?.facets} onChange={updateView} searchRef={searchRef} />
      <SnapshotStatus
        page={query.data}
        shown={rows.length}
        requestError={requestError}
        paused={view.paused}
        streaming={query.streaming}
      />
      <LockChainBanner locks={query.data?.locks} clusterId={clusterId} />
      {canBulk && (
        <BulkBar
          checked={checkedRows}
          matching={signalable}
          onSelectMatching={() => setCheckedKeys(new Set(signalable.map(sessionKey)))}
          onClear={() => setCheckedKeys(new Set())}
          onSignal={openSignal}
        />
      )}
      <DbClockProvider snapshotId={page?.snapshot.snapshotId} ticking={!view.paused && !page?.snapshot.error}>
        <div className="flex min-h-0 flex-1">
          <SessionsTable
            rows={rows}
            view={view}
            onSort={onSort}
            selectedKey={selectedKey}
            onSelect={setSelectedKey}
            onOpen={() => setDetailOpen(true)}
            checked={canBulk ? checkedKeys : undefined}
            onCheck={canBulk ? onCheck : undefined}
            rowActions={
              canSignal
                ? (row) => offersSignals(row) && <SignalButtons row={row} onSignal={openSignal} size="small" />
                : undefined
            }
          />
          {detailOpen && selected && (
            <SessionDetail
              session={selected}
              onClose={close}
              actions={
                canSignal &&
                selected.backendStart &&
                !selected.isPgwarden && (
                  <div className="mb-4 flex gap-2">
                    <SignalButtons row={selected} onSignal={openSignal} />
                  </div>
                )
              }
            />
          )}
        </div>
      </DbClockProvider>
      <SignalDialog
        clusterId={clusterId}
        role={role}
        request={request}
        rows={rows}
        onClose={() => {
          setRequest(null);
          setCheckedKeys(new Set());
        }}
      />
    </BlockersProvider>
  );
}
