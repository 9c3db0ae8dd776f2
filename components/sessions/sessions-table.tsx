'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useSyncExternalStore, type CSSProperties, type ReactNode } from 'react';
import { sessionKey, type SessionRow } from '@/lib/types/session';
import type { SessionView, SortColumn } from '@/lib/types/session-view';
import { sessionColumns as columns, type SessionColumn } from './columns';

const ROW_HEIGHT = 32;
// Actions come right after the pid, so Cancel and Terminate are on screen at any width without scrolling sideways.
const [pidColumn, ...restColumns] = columns;
const CHECK_WIDTH = '2rem';
const ACTIONS_WIDTH = '9.5rem';

// Rows are flex lines of fixed-width cells, not grids: a grid sizes its tracks for every row, which made the style and
// layout of a screen of rows 20 to 35 % slower (measured in Chromium on the page's own markup).
const widthStyle = (width: string, grows = false): CSSProperties => ({ flex: `${grows ? 1 : 0} 0 ${width}` });
const columnStyles = new Map(columns.map((column) => [column.id, widthStyle(column.width, column.grows)]));
const cellClasses = new Map(
  columns.map((column) => [
    column.id,
    `truncate px-2 leading-8${column.align === 'right' ? ' text-right tabular-nums' : ''}${column.mono ? ' font-mono' : ''}`,
  ]),
);
const CHECK_STYLE = widthStyle(CHECK_WIDTH);
const ACTIONS_STYLE = widthStyle(ACTIONS_WIDTH);

interface Props {
  rows: SessionRow[];
  /** How many rows the view has: more than `rows` while only the first screen of them is there. */
  rowCount: number;
  /** Only the server's first rows are there yet (see FirstScreenProvider). */
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

const subscribeToNothing = () => () => {};
/** How many rows the window is high: enough for the first screen wherever the table starts (900 px on the server). */
const useWindowRows = () =>
  useSyncExternalStore(
    subscribeToNothing,
    () => Math.ceil(window.innerHeight / ROW_HEIGHT),
    () => Math.ceil(900 / ROW_HEIGHT),
  );
const topRows = (count: number) => Array.from({ length: count }, (_, index) => ({ index, start: index * ROW_HEIGHT }));

export function SessionsTable(props: Props) {
  const { rows, rowCount, firstScreen, view, onSort, selectedKey, onOpen, checked, onCheck, rowActions } = props;
  // No table model over every row: 5,000 rows would cost a row object each per snapshot; cells exist on screen only.
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // The first screen is placed from the top without the virtualizer: measuring the table as it mounts would force
    // the style and layout of the whole new page, then render it again, all before its first frame.
    enabled: !firstScreen,
    // Rows beyond the screen cost render and commit time at every snapshot, sort and filter: keep a few only.
    overscan: 8,
    // Lets the server render rows before the browser measures the real viewport.
    initialRect: { width: 1440, height: 900 },
  });
  const windowRows = useWindowRows();
  const items = firstScreen ? topRows(Math.min(rows.length, windowRows)) : virtualizer.getVirtualItems();
  const totalSize = firstScreen ? rowCount * ROW_HEIGHT : virtualizer.getTotalSize();
  const widths = [
    onCheck ? CHECK_WIDTH : null,
    pidColumn!.width,
    rowActions ? ACTIONS_WIDTH : null,
    ...restColumns.map((column) => column.width),
  ].filter((width) => width !== null);
  // The columns' least widths: the query column grows into what is left, and scrolls sideways below them.
  const minWidth = `calc(${widths.join(' + ')})`;

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
        className="sticky top-0 z-10 flex border-b border-zinc-200 bg-zinc-50 text-xs font-semibold text-zinc-600 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400"
        style={{ minWidth }}
      >
        {onCheck && <span role="columnheader" aria-label="Select" style={CHECK_STYLE} />}
        <ColumnHeader column={pidColumn!} view={view} onSort={onSort} />
        {rowActions && (
          <span role="columnheader" className="px-2 py-2" style={ACTIONS_STYLE}>
            Actions
          </span>
        )}
        {restColumns.map((column) => (
          <ColumnHeader key={column.id} column={column} view={view} onSort={onSort} />
        ))}
      </div>
      <div style={{ height: totalSize, position: 'relative', minWidth }}>
        {items.map((item) => {
          const session = rows[item.index];
          if (!session) return null;
          const key = sessionKey(session);
          return (
            <TableRow
              key={key}
              session={session}
              start={item.start}
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
  selected: boolean;
  checked: boolean | undefined;
  onOpen: Props['onOpen'];
  onCheck: Props['onCheck'];
  rowActions: Props['rowActions'];
}

// Memoised: a pushed diff re-renders the rows that changed (diffs keep unchanged rows as the same objects).
const TableRow = memo(function TableRow({ session, start, selected, checked, onOpen, onCheck, rowActions }: RowProps) {
  return (
    <div
      role="row"
      data-testid="session-row"
      data-pid={session.pid}
      aria-selected={selected}
      onClick={() => onOpen(session)}
      className={`absolute left-0 flex w-full cursor-pointer border-b border-zinc-100 text-sm dark:border-zinc-900 ${
        selected ? 'bg-sky-100 dark:bg-sky-900/40' : 'hover:bg-zinc-50 dark:hover:bg-zinc-900'
      }`}
      // Each row of a known size lays out and paints on its own: a changed row leaves the others alone.
      style={{
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        contain: 'strict',
      }}
    >
      {onCheck && (
        <div
          role="cell"
          className="flex items-center justify-center"
          style={CHECK_STYLE}
          onClick={(event) => event.stopPropagation()}
        >
          <input
            type="checkbox"
            aria-label={`Select session ${session.pid}`}
            checked={checked ?? false}
            onChange={(event) => onCheck(session, event.target.checked)}
          />
        </div>
      )}
      {cell(pidColumn!, session)}
      {rowActions && (
        <div
          role="cell"
          className="flex items-center gap-1 px-1"
          style={ACTIONS_STYLE}
          onClick={(event) => event.stopPropagation()}
        >
          {rowActions(session)}
        </div>
      )}
      {restColumns.map((column) => cell(column, session))}
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
      style={columnStyles.get(column.id)}
      onClick={() => onSort(column.sortKey)}
    >
      {column.header}
      {sorted ? (direction === 'asc' ? ' ▲' : ' ▼') : ''}
    </button>
  );
}

// A plain function, not a component: a screen of rows has hundreds of cells, and each component is one more fiber to
// render and commit on the first frame.
function cell(column: SessionColumn, session: SessionRow) {
  return (
    <div
      key={column.id}
      role="cell"
      data-column={column.id}
      className={cellClasses.get(column.id)}
      style={columnStyles.get(column.id)}
    >
      {column.cell(session)}
    </div>
  );
}
