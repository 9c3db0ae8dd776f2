// The view of the sessions table a URL describes (filters, sort, refresh), and the pure functions applying it.
import { z } from 'zod';
import { durationKeys, type DurationKey, type SessionRow } from './session';

export const sortableColumns = [
  'pid',
  'user',
  'database',
  'applicationName',
  'clientAddr',
  'backendType',
  'state',
  'waitEvent',
  'query',
  ...durationKeys,
] as const;
export type SortColumn = (typeof sortableColumns)[number];

export const refreshIntervals = [1000, 2000, 5000, 10000, 30000] as const;

const flag = z.preprocess((value) => value === '1' || value === 'true' || value === true, z.boolean());
const text = z.string().trim().max(200).optional().catch(undefined);

/** Parsed from URL search params on both sides; bad values fall back to defaults rather than failing. */
export const sessionViewSchema = z.object({
  state: z.string().max(40).optional().catch(undefined),
  user: text,
  database: text,
  application: text,
  /** Client address, as the owners view links to it. */
  client: text,
  backendType: text,
  minDurationSeconds: z.coerce.number().min(0).max(10_000_000).optional().catch(undefined),
  hideIdle: flag.catch(false),
  showPgwarden: flag.catch(false),
  search: text,
  by: z.enum(durationKeys).catch('queryAgeMs'),
  sort: z.enum(sortableColumns).optional().catch(undefined),
  dir: z.enum(['asc', 'desc']).catch('desc'),
  interval: z.coerce
    .number()
    .refine((value) => (refreshIntervals as readonly number[]).includes(value))
    .catch(2000),
  paused: flag.catch(false),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const defaultSessionView: SessionView = sessionViewSchema.parse({});

export function parseSessionView(params: Record<string, string | string[] | undefined>): SessionView {
  const flat = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  return sessionViewSchema.parse(flat);
}

/** Only the settings that differ from the defaults, so shared links stay short. */
export function sessionViewToParams(view: SessionView): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view) as [keyof SessionView, unknown][]) {
    if (value === undefined || value === '' || value === defaultSessionView[key]) continue;
    params.set(key, value === true ? '1' : String(value));
  }
  return params;
}

export function filterSessions(rows: SessionRow[], view: SessionView): SessionRow[] {
  const search = view.search?.toLowerCase();
  const minMs = view.minDurationSeconds ? view.minDurationSeconds * 1000 : 0;
  return rows.filter(
    (row) =>
      (!view.state || row.state === view.state) &&
      (!view.user || row.user === view.user) &&
      (!view.database || row.database === view.database) &&
      (!view.application || row.applicationName === view.application) &&
      (!view.client || row.clientAddr === view.client) &&
      (!view.backendType || row.backendType === view.backendType) &&
      (!minMs || (row[view.by] ?? -1) >= minMs) &&
      (!view.hideIdle || (row.state !== 'idle' && row.state !== null)) &&
      (view.showPgwarden || !row.isPgwarden) &&
      (!search || (row.query ?? '').toLowerCase().includes(search)),
  );
}

const filterFields = [
  'state',
  'user',
  'database',
  'application',
  'client',
  'backendType',
  'minDurationSeconds',
  'hideIdle',
  'showPgwarden',
  'search',
] as const satisfies readonly (keyof SessionView)[];

/** How many filters differ from the defaults: the count on the phone's "Filters (n)" button. */
export function activeFilterCount(view: SessionView): number {
  return filterFields.filter((field) => {
    const value = view[field];
    return value !== undefined && value !== '' && value !== 0 && value !== defaultSessionView[field];
  }).length;
}

function sortValue(row: SessionRow, column: SortColumn): string | number | null {
  if (column === 'waitEvent') return row.waitEvent ? `${row.waitEventType}:${row.waitEvent}` : null;
  return row[column];
}

// Intl.Collator.compare orders like localeCompare, many times faster over thousands of rows.
const collator = new Intl.Collator();

interface SortEntry {
  row: SessionRow;
  value: string | number | null;
  /** Among rows the chosen column says nothing about: client sessions before background processes, oldest transaction first. */
  background: number;
  xactAgeMs: number;
}

/**
 * Sorts by the chosen column (or the chosen duration, longest first), nulls last either way,
 * and places parallel workers right under their leader. Sort keys are read once per row, not once per comparison.
 */
export function orderSessions(rows: SessionRow[], view: Pick<SessionView, 'sort' | 'dir' | 'by'>): SessionRow[] {
  const column: SortColumn = view.sort ?? view.by;
  const direction = view.sort ? (view.dir === 'asc' ? 1 : -1) : -1;
  const present = new Set<number>();
  for (const row of rows) present.add(row.pid);
  const workers = new Map<number, SessionRow[]>();
  const top: SortEntry[] = [];
  for (const row of rows) {
    if (row.leaderPid !== null && present.has(row.leaderPid)) {
      const list = workers.get(row.leaderPid);
      if (list) list.push(row);
      else workers.set(row.leaderPid, [row]);
    } else {
      top.push({
        row,
        value: sortValue(row, column),
        background: row.backendType === 'client backend' ? 0 : 1,
        xactAgeMs: row.xactAgeMs ?? -1,
      });
    }
  }
  top.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== null) return -1;
      if (b.value !== null) return 1;
      return a.background - b.background || b.xactAgeMs - a.xactAgeMs || a.row.pid - b.row.pid;
    }
    const difference =
      typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : a.value === b.value
          ? 0
          : collator.compare(String(a.value), String(b.value));
    return direction * difference || a.row.pid - b.row.pid;
  });
  const ordered: SessionRow[] = [];
  for (const { row } of top) {
    ordered.push(row);
    const list = workers.get(row.pid);
    if (list) ordered.push(...list.sort((a, b) => a.pid - b.pid));
  }
  return ordered;
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${String(hours % 24).padStart(2, '0')}h`;
}

export type { DurationKey };
