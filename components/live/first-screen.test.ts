// Which page the sessions table shows: the server's first screen, or the query's page (isLaterPage).
import { describe, expect, it } from 'vitest';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { isLaterPage } from './first-screen';

/** A page of a snapshot taken at `takenAt`; null: the cluster has not been reached yet. */
const pageAt = (takenAt: string | null) => ({ snapshot: { takenAt } }) as SessionsPage;

describe('isLaterPage', () => {
  it('takes the first screen while the query holds nothing, or an older snapshot', () => {
    expect(isLaterPage(pageAt('2026-12-01 10:00:05+00'), undefined)).toBe(true);
    expect(isLaterPage(pageAt(null), undefined)).toBe(true);
    expect(isLaterPage(pageAt('2026-12-01 10:00:05+00'), pageAt('2026-12-01 10:00:04+00'))).toBe(true);
    expect(isLaterPage(pageAt('2026-12-01 10:00:05+00'), pageAt(null))).toBe(true);
  });

  it('takes the query once it holds the same snapshot or a later one', () => {
    expect(isLaterPage(pageAt('2026-12-01 10:00:05+00'), pageAt('2026-12-01 10:00:05+00'))).toBe(false);
    expect(isLaterPage(pageAt('2026-12-01 10:00:05+00'), pageAt('2026-12-01 10:00:06+00'))).toBe(false);
  });

  it('takes the query over a first screen of a cluster not reached yet, once the query has a snapshot or none either', () => {
    expect(isLaterPage(pageAt(null), pageAt('2026-12-01 10:00:06+00'))).toBe(false);
    expect(isLaterPage(pageAt(null), pageAt(null))).toBe(false);
  });
});
