// Tables that stack on phones: below the md breakpoint each row is a card and each cell says what it is, so a narrow
// screen never scrolls sideways; from md up they are plain tables. Cells keep their table semantics in both.
export const stackedTable = {
  table: 'block w-full text-sm md:table',
  /** The column headers, for wide screens; on a phone each cell carries its own label (CellLabel). */
  head: 'hidden md:table-header-group',
  body: 'block space-y-2 md:table-row-group md:space-y-0',
  row: 'block rounded border border-zinc-200 p-2 md:table-row md:rounded-none md:border-0 md:border-b md:p-0 dark:border-zinc-800',
  cell: 'flex items-baseline gap-2 py-0.5 md:table-cell md:px-2 md:py-1.5',
} as const;

/** The column's name inside its cell, shown on phones only (the header row is hidden there). */
export function CellLabel({ children }: { children: string }) {
  return <span className="shrink-0 text-xs text-zinc-600 md:hidden dark:text-zinc-400">{children}</span>;
}
