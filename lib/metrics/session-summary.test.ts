import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import { SESSION_STATES, summariseSessions } from './session-summary';

describe('summariseSessions', () => {
  it('counts client backends by state, with every state present and odd states as "unknown"', () => {
    const summary = summariseSessions([
      sessionRow({ pid: 1, state: 'active' }),
      sessionRow({ pid: 2, state: 'idle' }),
      sessionRow({ pid: 3, state: 'idle' }),
      sessionRow({ pid: 4, state: null }),
      sessionRow({ pid: 5, state: 'something new in PostgreSQL 19' }),
      sessionRow({ pid: 6, state: 'active', backendType: 'walsender' }),
      sessionRow({ pid: 7, state: null, backendType: 'autovacuum launcher' }),
    ]);
    expect(Object.keys(summary.byState)).toEqual([...SESSION_STATES]);
    expect(summary.byState).toMatchObject({ active: 1, idle: 2, unknown: 2, 'idle in transaction': 0 });
    expect(summary.connectionsUsed).toBe(5);
  });

  it('takes the longest active query of a client backend, not pgwarden’s own or a walsender’s', () => {
    const summary = summariseSessions([
      sessionRow({ pid: 1, state: 'active', queryAgeMs: 4_500 }),
      sessionRow({ pid: 2, state: 'active', queryAgeMs: 90_000, isPgwarden: true }),
      sessionRow({ pid: 3, state: 'active', queryAgeMs: 80_000, backendType: 'walsender' }),
      sessionRow({ pid: 4, state: 'idle', queryAgeMs: 70_000 }),
    ]);
    expect(summary.longestQuerySeconds).toBe(4.5);
  });

  it('takes the oldest transaction idle in transaction, aborted ones too, and counts lock waits', () => {
    const summary = summariseSessions([
      sessionRow({ pid: 1, state: 'idle in transaction', xactAgeMs: 2_000 }),
      sessionRow({ pid: 2, state: 'idle in transaction (aborted)', xactAgeMs: 12_000 }),
      sessionRow({ pid: 3, state: 'active', xactAgeMs: 60_000, waitEventType: 'Lock', waitEvent: 'transactionid' }),
      sessionRow({ pid: 4, state: 'active', waitEventType: 'LWLock' }),
    ]);
    expect(summary.oldestIdleInTransactionSeconds).toBe(12);
    expect(summary.waitingOnLocks).toBe(1);
  });

  it('says 0 when there is nothing to measure', () => {
    expect(summariseSessions([])).toMatchObject({
      longestQuerySeconds: 0,
      oldestIdleInTransactionSeconds: 0,
      waitingOnLocks: 0,
      connectionsUsed: 0,
    });
  });
});
