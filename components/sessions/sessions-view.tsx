'use client';

import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { BlockersProvider } from '@/components/blocking/blockers-context';
import { isLaterPage, useFirstScreen } from '@/components/live/first-screen';
import { LockChainBanner } from '@/components/blocking/lock-chain-banner';
import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { BulkBar } from '@/components/signals/bulk-bar';
import { SignalButtons } from '@/components/signals/signal-buttons';
import { SignalDialog, type SignalRequest } from '@/components/signals/signal-dialog';
import type { RoleName } from '@/lib/config/schema';
import { offersSignals, signalRefusal } from '@/lib/model/signal-eligibility';
import { shownSessions } from '@/lib/model/page-view';
import { withDurations } from '@/lib/model/session-durations';
import { sessionKey, type SessionRow } from '@/lib/types/session';
import { activeFilterCount, sessionViewToParams, type SortColumn } from '@/lib/types/session-view';
import type { SignalAction } from '@/lib/types/signal';
import { DbClockProvider } from './db-clock';
import { SessionCards } from './session-cards';
import { SessionDetail } from './session-detail';
import { SessionFilters } from './session-filters';
import { SessionSheet } from './session-sheet';
import { SessionsTable } from './sessions-table';
import { SnapshotStatus } from './snapshot-status';
import { usePhoneLayout } from './use-phone-layout';
import { useSessionSelection } from './use-session-selection';
import { useSessionView } from './use-session-view';
import { useSessions } from './use-sessions';
import { useTableKeys } from './use-table-keys';

interface Props {
  clusterId: string;
  role: RoleName;
  initialError: string | null;
}

export function SessionsView({ clusterId, role, initialError }: Props) {
  const phone = usePhoneLayout();
  const [view, updateView] = useSessionView();
  const first = useFirstScreen();
  const query = useSessions(clusterId, view, first === null || first.painted);
  useSignInWhenExpired(query.error);
  // The server's first rows stand for the page until the query holds every session of the same snapshot or a later
  // one, as long as the view is the one they were made for.
  const firstScreen = first && isLaterPage(first.screen.page, query.data) ? first.screen : null;
  const early = firstScreen?.view === sessionViewToParams(view).toString() ? firstScreen : null;
  const page = firstScreen ? early?.page : query.data;
  // Durations by the database clock: the snapshot's taken_at minus each row's timestamps.
  const timed = useMemo(() => withDurations(page?.rows ?? [], page?.snapshot.takenAt ?? null), [page]);
  // The page holds every session of the cluster: a filter or sort change is computed here, with no round trip.
  const rows = useMemo(() => shownSessions(timed, view), [timed, view]);
  const shownCount = early ? early.shown : rows.length;
  const selection = useSessionSelection(rows, !firstScreen && page !== undefined, activeFilterCount(view) > 0);
  const searchRef = useRef<HTMLInputElement>(null);
  const [request, setRequest] = useState<SignalRequest | null>(null);
  // Keyed by backend, so a pid reused between the click and the dialog is never carried into it.
  const [checkedKeys, setCheckedKeys] = useState<Set<string>>(new Set());
  const canSignal = role === 'operator' || role === 'admin';
  // Only over every session: "select all matching" must count them all.
  const canBulk = role === 'admin' && !phone && !firstScreen;
  const signalable = useMemo(() => rows.filter((row) => offersSignals(row, role)), [rows, role]);
  const checkedRows = useMemo(
    () => (checkedKeys.size === 0 ? [] : rows.filter((row) => checkedKeys.has(sessionKey(row)))),
    [rows, checkedKeys],
  );
  const openSignal = useCallback((action: SignalAction, targets: SessionRow[]) => setRequest({ action, targets }), []);
  const onCheck = useCallback((row: SessionRow, checked: boolean) => {
    setCheckedKeys((current) => {
      const next = new Set(current);
      if (checked) next.add(sessionKey(row));
      else next.delete(sessionKey(row));
      return next;
    });
  }, []);
  const rowActions = useCallback(
    (row: SessionRow) => offersSignals(row, role) && <SignalButtons row={row} onSignal={openSignal} size="small" />,
    [role, openSignal],
  );

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
  useTableKeys({ searchRef, move: selection.move, open: selection.open, close: selection.close });

  const { selected } = selection;
  const refusal = selected ? signalRefusal(selected, role) : null;
  let detailActions: ReactNode = null;
  if (selected && refusal) {
    detailActions = (
      <p data-testid="signal-refusal" className="mb-4 text-zinc-700 dark:text-zinc-300">
        No Cancel or Terminate: {refusal}
      </p>
    );
  } else if (selected) {
    detailActions = (
      <div className="mb-4 flex gap-2">
        <SignalButtons row={selected} onSignal={openSignal} size={phone ? 'large' : 'normal'} />
      </div>
    );
  }

  const requestError = query.error ? query.error.message : page ? null : initialError;
  return (
    <BlockersProvider locks={page?.locks}>
      <SessionFilters view={view} facets={page?.facets} onChange={updateView} searchRef={searchRef} />
      <SnapshotStatus
        page={page}
        shown={shownCount}
        requestError={requestError}
        paused={view.paused}
        streaming={query.streaming}
      />
      <LockChainBanner locks={page?.locks} clusterId={clusterId} />
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
          {phone ? (
            <SessionCards rows={rows} view={view} selectedKey={selection.selectedKey} onOpen={selection.openRow} />
          ) : (
            <SessionsTable
              rows={rows}
              rowCount={shownCount}
              firstScreen={firstScreen !== null}
              view={view}
              onSort={onSort}
              selectedKey={selection.selectedKey}
              onOpen={selection.openRow}
              checked={canBulk ? checkedKeys : undefined}
              onCheck={canBulk ? onCheck : undefined}
              rowActions={canSignal ? rowActions : undefined}
            />
          )}
          {selection.detailOpen &&
            (selected || selection.gone) &&
            (phone ? (
              <SessionSheet
                session={selected}
                gone={selection.gone}
                onClose={selection.close}
                actions={detailActions}
              />
            ) : (
              <SessionDetail
                session={selected}
                gone={selection.gone}
                onClose={selection.close}
                actions={detailActions}
              />
            ))}
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
