import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import { groupSessions, ownerSessionsHref } from './owners';

const rows = [
  sessionRow({ pid: 1, user: 'alice', applicationName: 'reports', state: 'active', queryAgeMs: 40_000 }),
  sessionRow({ pid: 2, user: 'alice', applicationName: 'reports', state: 'active', queryAgeMs: 5_000, blockedBy: [3] }),
  sessionRow({ pid: 3, user: 'alice', applicationName: 'web', state: 'idle in transaction', queryAgeMs: null }),
  sessionRow({ pid: 4, user: 'bob', applicationName: 'web', state: 'idle', queryAgeMs: null, clientAddr: null }),
  sessionRow({ pid: 5, user: 'bob', applicationName: '', state: 'idle in transaction (aborted)', queryAgeMs: null }),
  sessionRow({ pid: 6, user: null, applicationName: '', state: null, queryAgeMs: null }),
  sessionRow({ pid: 7, user: 'pgwarden', applicationName: 'pgwarden', isPgwarden: true }),
  sessionRow({ pid: 8, user: null, applicationName: '', backendType: 'checkpointer', state: null }),
];

describe('groupSessions', () => {
  it('groups client sessions by user with counts per state, longest query and running time', () => {
    const groups = groupSessions(rows, 'user');
    expect(groups.map((group) => group.key)).toEqual(['alice', 'bob', null]);
    expect(groups[0]).toEqual({
      key: 'alice',
      sessions: 3,
      states: { active: 2, 'idle in transaction': 1 },
      active: 2,
      idleInTransaction: 1,
      waitingOnLocks: 1,
      longestQueryMs: 40_000,
      longestQueryPid: 1,
      totalRunningMs: 45_000,
    });
    expect(groups[1]).toMatchObject({
      sessions: 2,
      active: 0,
      idleInTransaction: 1,
      longestQueryMs: null,
      totalRunningMs: 0,
    });
    expect(groups[2]).toMatchObject({ sessions: 1, states: { hidden: 1 } });
  });

  it('groups by application, client and database; an empty application name has no key', () => {
    expect(groupSessions(rows, 'application').map((group) => [group.key, group.sessions])).toEqual([
      ['reports', 2],
      [null, 2],
      ['web', 2],
    ]);
    expect(groupSessions(rows, 'client').map((group) => [group.key, group.sessions])).toEqual([
      ['10.0.0.1', 5],
      [null, 1],
    ]);
    expect(groupSessions(rows, 'database')).toHaveLength(1);
  });

  it('links a group to the sessions page filtered to it', () => {
    expect(ownerSessionsHref('demo', 'application', 'reports & co')).toBe(
      '/clusters/demo/sessions?application=reports+%26+co',
    );
    expect(ownerSessionsHref('demo', 'client', '10.0.0.1')).toBe('/clusters/demo/sessions?client=10.0.0.1');
    expect(ownerSessionsHref('demo', 'user', null)).toBeNull();
  });
});
