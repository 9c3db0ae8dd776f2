import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import type { SessionRow } from './session';
import {
  activeFilterCount,
  defaultSessionView,
  filterSessions,
  formatDuration,
  orderSessions,
  parseSessionView,
  sessionViewToParams,
} from './session-view';

function row(pid: number, change: Partial<SessionRow> = {}): SessionRow {
  return sessionRow({ pid, applicationName: 'api', ...change });
}

describe('formatDuration', () => {
  it('reads like 2h 03m, 41s, 850ms', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(41_200)).toBe('41s');
    expect(formatDuration(61_000)).toBe('1m 01s');
    expect(formatDuration((2 * 60 + 3) * 60_000 + 5000)).toBe('2h 03m');
    expect(formatDuration(26 * 3600_000)).toBe('1d 02h');
    expect(formatDuration(null)).toBe('');
  });
});

describe('orderSessions', () => {
  it('puts the longest query first, nulls last, and parallel workers under their leader', () => {
    const rows = [
      row(1, { queryAgeMs: 10 }),
      row(2, { queryAgeMs: null, state: 'idle' }),
      row(3, { queryAgeMs: 5000 }),
      row(4, { queryAgeMs: 4000, leaderPid: 3 }),
      row(5, { queryAgeMs: 200 }),
    ];
    expect(orderSessions(rows, defaultSessionView).map((r) => r.pid)).toEqual([3, 4, 5, 1, 2]);
  });

  it('orders what the duration says nothing about: open transactions first, background processes last', () => {
    const rows = [
      row(1, { queryAgeMs: null, backendType: 'checkpointer', state: null, xactAgeMs: null }),
      row(2, { queryAgeMs: null, state: 'idle', xactAgeMs: null }),
      row(3, { queryAgeMs: null, state: 'idle in transaction', xactAgeMs: 90_000 }),
      row(4, { queryAgeMs: 10 }),
    ];
    expect(orderSessions(rows, defaultSessionView).map((r) => r.pid)).toEqual([4, 3, 2, 1]);
  });

  it('sorts any column both ways, keeping nulls last', () => {
    const rows = [row(1, { user: 'bob' }), row(2, { user: null }), row(3, { user: 'alice' })];
    expect(orderSessions(rows, { ...defaultSessionView, sort: 'user', dir: 'asc' }).map((r) => r.pid)).toEqual([
      3, 1, 2,
    ]);
    expect(orderSessions(rows, { ...defaultSessionView, sort: 'user', dir: 'desc' }).map((r) => r.pid)).toEqual([
      1, 3, 2,
    ]);
  });

  it('uses the chosen duration for the default order', () => {
    const rows = [row(1, { backendAgeMs: 10, queryAgeMs: 900 }), row(2, { backendAgeMs: 900, queryAgeMs: 10 })];
    expect(orderSessions(rows, { ...defaultSessionView, by: 'backendAgeMs' }).map((r) => r.pid)).toEqual([2, 1]);
  });
});

describe('filterSessions', () => {
  const rows = [
    row(1, { state: 'idle', queryAgeMs: null }),
    row(2, { state: 'idle in transaction', xactAgeMs: 700_000, queryAgeMs: null }),
    row(3, { applicationName: 'pgwarden', isPgwarden: true }),
    row(4, { query: 'SELECT * FROM orders', user: 'maria', queryAgeMs: 60_000 }),
  ];
  const pids = (view: Partial<typeof defaultSessionView>) =>
    filterSessions(rows, { ...defaultSessionView, ...view }).map((r) => r.pid);

  it('hides pgwarden by default and idle on request', () => {
    expect(pids({})).toEqual([1, 2, 4]);
    expect(pids({ showPgwarden: true })).toEqual([1, 2, 3, 4]);
    expect(pids({ hideIdle: true })).toEqual([2, 4]);
  });

  it('filters by state, user, text and minimum duration of the chosen clock', () => {
    expect(pids({ state: 'idle in transaction' })).toEqual([2]);
    expect(pids({ user: 'maria' })).toEqual([4]);
    expect(pids({ search: 'from ORDERS' })).toEqual([4]);
    expect(pids({ minDurationSeconds: 30 })).toEqual([4]);
    expect(pids({ minDurationSeconds: 600, by: 'xactAgeMs' })).toEqual([2]);
  });
});

describe('the view in the URL', () => {
  it('round-trips and drops defaults', () => {
    const view = parseSessionView({
      state: 'active',
      hideIdle: '1',
      sort: 'pid',
      dir: 'asc',
      interval: '5000',
      application: 'api',
    });
    const params = sessionViewToParams(view);
    expect(Object.fromEntries(params)).toEqual({
      state: 'active',
      hideIdle: '1',
      sort: 'pid',
      dir: 'asc',
      interval: '5000',
      application: 'api',
    });
    expect(parseSessionView(Object.fromEntries(params))).toEqual(view);
    expect(sessionViewToParams(defaultSessionView).toString()).toBe('');
  });

  it('falls back to defaults for nonsense instead of failing', () => {
    const view = parseSessionView({ sort: 'drop table', interval: '7', dir: 'sideways', minDurationSeconds: '-5' });
    expect(view).toMatchObject({ sort: undefined, interval: 2000, dir: 'desc', minDurationSeconds: undefined });
  });
});

describe('activeFilterCount', () => {
  it('counts the filters that differ from the defaults, not the sort or refresh', () => {
    expect(activeFilterCount(defaultSessionView)).toBe(0);
    expect(
      activeFilterCount(parseSessionView({ hideIdle: '1', application: 'api', sort: 'pid', interval: '5000' })),
    ).toBe(2);
    expect(activeFilterCount(parseSessionView({ showPgwarden: '1', minDurationSeconds: '0', search: '' }))).toBe(1);
  });
});
