// Applies a diff to a sessions page; pure, so the browser and the tests use the same function.
import { sessionKey, type LiveSessionRow } from '@/lib/types/session';
import type { RowPatch, SessionsDiff, SessionsPage } from '@/lib/types/sessions-page';

/** Null when the diff does not start from this page's snapshot: the caller fetches the full page instead. */
export function applySessionsDiff(page: SessionsPage, diff: SessionsDiff): SessionsPage | null {
  if (page.snapshot.snapshotId !== diff.base) return null;
  const removed = new Set(diff.removed);
  const patches = new Map<string, RowPatch>();
  for (const patch of diff.changed) patches.set(sessionKey(patch), patch);
  const rows: LiveSessionRow[] = [];
  // Unchanged rows stay the same objects, so the browser keeps what it computed from them.
  for (const row of page.rows) {
    const key = sessionKey(row);
    if (removed.has(key)) continue;
    const patch = patches.get(key);
    rows.push(patch ? { ...row, ...patch } : row);
  }
  rows.push(...diff.added);
  return {
    snapshot: diff.snapshot,
    rows,
    total: diff.total,
    facets: diff.facets ?? page.facets,
    locks: diff.locks ?? page.locks,
  };
}
