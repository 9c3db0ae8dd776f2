// Applies a diff to a sessions page; pure, so the browser and the tests use the same function.
import { sessionKey, type LiveSessionRow } from '@/lib/types/session';
import type { SessionsDiff, SessionsPage } from '@/lib/types/sessions-page';

/** Null when the diff does not start from this page's snapshot: the caller fetches the full page instead. */
export function applySessionsDiff(page: SessionsPage, diff: SessionsDiff): SessionsPage | null {
  if (page.snapshot.snapshotId !== diff.base) return null;
  const replaced = new Map<string, LiveSessionRow | null>();
  for (const key of diff.removed) replaced.set(key, null);
  for (const row of diff.changed) replaced.set(sessionKey(row), row);
  const rows: LiveSessionRow[] = [];
  for (const row of page.rows) {
    const key = sessionKey(row);
    const next = replaced.has(key) ? replaced.get(key) : row;
    if (next) rows.push(next);
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
