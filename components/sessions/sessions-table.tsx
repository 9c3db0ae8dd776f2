'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { sessionKey, type SessionRow } from '@/lib/types/session';
import type { SessionView, SortColumn } from '@/lib/types/session-view';
import { sessionColumns as columns, type SessionColumn } from './columns';

const ROW_HEIGHT = 32;

interface Props {
  rows: SessionRow[];
  /** How many rows the view has: more than `rows` while only the first screen of them is there. */
  rowCount: number;
  /** Only the server's first rows are there yet (see SeededSessionsPage). */
  firstScreen: boolean;
  view: SessionView;
  onSort: (column: SortColumn) => void;
  selectedKey: string | null;
  onOpen: (row: SessionRow) => void;
  /** Bulk selection (admins), keyed by pid. */
  checked?: Set<string>;
  onCheck?: (row: SessionRow, checked: boolean) => void;
  rowActions?: (row: SessionRow) => ReactNode;
}

export function SessionsTable(props: Props) {
  const { rows, rowCount, firstScreen, view, onSort, selectedKey, onOpen, checked, onCheck, rowActions } = props;
  // No table model over every row: 5,000 rows would cost a row object each per snapshot; cells exist on screen only.
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows beyond the screen cost render and commit time at every snapshot, sort and filter: keep a few only.
    overscan: 8,
    // Lets the server render the first screen of rows before the browser measures the real viewport.
    initialRect: { width: 1440, height: 900 },
  });
  // Actions come right after the pid, so Cancel and Terminate are on screen at any width without scrolling sideways.
  const [pidColumn, ...restColumns] = columns;
  const widths = [
    onCheck ? '2rem' : null,
    pidColumn!.width,
    rowActions ? '9.5rem' : null,
    ...restColumns.map((column) => column.width),
  ].filter((width) => width !== null);
  const template = widths.join(' ');
  // The columns' least widths: rows of a definite width lay out without measuring their text first (a max-content
  // width measured every cell of every row on screen at each render), and a long query truncates in its column.
  const minWidth = `calc(${widths.map((width) => /^minmax\(([^,]+),/.exec(width)?.[1] ?? width).join(' + ')})`;

  const selectedIndex = useMemo(
    () => (selectedKey === null ? -1 : rows.findIndex((row) => sessionKey(row) === selectedKey)),
    [rows, selectedKey],
  );
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-auto"
      role="table"
      aria-rowcount={rowCount}
      aria-busy={firstScreen}
      data-first-screen={firstScreen || undefined}
    >
      <div
        role="row"
        className="sticky top-0 z-10 grid border-b border-zinc-200 bg-zinc-50 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
        style={{ gridTemplateColumns: template, minWidth }}
      >
        {onCheck && <span role="columnheader" aria-label="Select" />}
        <ColumnHeader column={pidColumn!} view={view} onSort={onSort} />
        {rowActions && (
          <span role="columnheader" className="px-2 py-2">
            Actions
          </span>
        )}
        {restColumns.map((column) => (
          <ColumnHeader key={column.id} column={column} view={view} onSort={onSort} />
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth }}>
        {virtualizer.getVirtualItems().map((item) => {
          const session = rows[item.index];
          if (!session) return null;
          const key = sessionKey(session);
          return (
            <TableRow
              key={key}
              session={session}
              start={item.start}
              template={template}
              selected={key === selectedKey}
              checked={checked ? checked.has(key) : undefined}
              onOpen={onOpen}
              onCheck={onCheck}
              rowActions={rowActions}
            />
          );
        })}
      </div>
      {rows.length === 0 && (
        <p className="p-6 text-sm text-zinc-600 dark:text-zinc-400">No session matches these filters.</p>
      )}
    </div>
  );
}

interface RowProps {
  session: SessionRow;
  start: number;
  template: string;
  selected: boolean;
  checked: boolean | undefined;
  onOpen: Props['onOpen'];
  onCheck: Props['onCheck'];
  rowActions: Props['rowActions'];
}

// Memoised: a pushed diff re-renders the rows that changed (diffs keep unchanged rows as the same objects).
const TableRow = memo(function TableRow({
  session,
  start,
  template,
  selected,
  checked,
  onOpen,
  onCheck,
  rowActions,
}: RowProps) {
  const [pidColumn, ...restColumns] = columns;
  return (
    <div
      role="row"
      data-testid="session-row"
      data-pid={session.pid}
      aria-selected={selected}
      onClick={() => onOpen(session)}
      className={`absolute left-0 grid w-full cursor-pointer border-b border-zinc-100 text-sm dark:border-zinc-900 ${
        selected ? 'bg-sky-100 dark:bg-sky-900/40' : 'hover:bg-zinc-50 dark:hover:bg-zinc-900'
      }`}
      // Each row of a known size lays out and paints on its own: a changed row leaves the others alone.
      style={{
        gridTemplateColumns: template,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        contain: 'strict',
      }}
    >
      {onCheck && (
        <div role="cell" className="flex items-center justify-center" onClick={(event) => event.stopPropagation()}>
          <input
            type="checkbox"
            aria-label={`Select session ${session.pid}`}
            checked={checked ?? false}
            onChange={(event) => onCheck(session, event.target.checked)}
          />
        </div>
      )}
      <Cell column={pidColumn!} session={session} />
      {rowActions && (
        <div role="cell" className="flex items-center gap-1 px-1" onClick={(event) => event.stopPropagation()}>
          {rowActions(session)}
        </div>
      )}
      {restColumns.map((column) => (
        <Cell key={column.id} column={column} session={session} />
      ))}
    </div>
  );
});

function ColumnHeader({ column, view, onSort }: { column: SessionColumn; view: SessionView; onSort: Props['onSort'] }) {
  const sorted = (view.sort ?? view.by) === column.sortKey;
  const direction = view.sort ? view.dir : 'desc';
  return (
    <button
      role="columnheader"
      aria-sort={sorted ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`truncate px-2 py-2 text-left hover:text-zinc-900 dark:hover:text-white ${column.align === 'right' ? 'text-right' : ''}`}
      onClick={() => onSort(column.sortKey)}
    >
      {column.header}
      {sorted ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
    </button>
  );
}

function Cell({ column, session }: { column: SessionColumn; session: SessionRow }) {
  return (
    <div
      role="cell"
      data-column={column.id}
      className={`truncate px-2 leading-8 ${column.align === 'right' ? 'text-right tabular-nums' : ''}`}
    >
      {column.cell(session)}
    </div>
  );
}
