import { describe, expect, it } from 'vitest';
import { configSchema, type AlertRulesConfig } from '@/lib/config/schema';
import type { SessionsSnapshot } from '@/lib/types/session';
import { sessionRow } from '@/test/session-row';
import { alertConditions, alertRulesFor, MAX_ALERT_SESSIONS } from './alert-conditions';

const OFF: AlertRulesConfig = {
  queryRunningSeconds: null,
  idleInTransactionSeconds: null,
  lockWaitSeconds: null,
  lockChainWaiters: null,
  connectionsPercent: null,
  unreachableSeconds: null,
};
const context = { nowMs: Date.parse('2026-12-01T10:00:00Z') };

function snapshot(change: Partial<SessionsSnapshot>): SessionsSnapshot {
  return {
    clusterId: 'prod',
    snapshotId: 1,
    takenAt: '2026-12-01 10:00:00+00',
    sessions: [],
    serverVersion: '18.1',
    privileges: null,
    error: null,
    sampleMs: 1,
    ageMs: 0,
    maxConnections: 100,
    ...change,
  };
}

describe('alert rules in the config', () => {
  const cluster = { id: 'prod', url: 'postgres://u@db/postgres' };

  it('have defaults, turn off with false or null, and a cluster overrides some of them', () => {
    const config = configSchema.parse({
      clusters: [
        cluster,
        { ...cluster, id: 'batch', alerts: { queryRunningSeconds: 3600, connectionsPercent: false } },
      ],
      alerts: { lockWaitSeconds: null },
    });
    expect(config.alerts).toEqual({
      queryRunningSeconds: 300,
      idleInTransactionSeconds: 300,
      lockWaitSeconds: null,
      lockChainWaiters: 5,
      connectionsPercent: 90,
      unreachableSeconds: 60,
    });
    expect(alertRulesFor(config, config.clusters[1]!)).toMatchObject({
      queryRunningSeconds: 3600,
      connectionsPercent: null,
      lockWaitSeconds: null,
      unreachableSeconds: 60,
    });
    expect(alertRulesFor(config, config.clusters[0]!)).toEqual(config.alerts);
  });

  it('refuse a misspelt rule or a value out of range, naming the field', () => {
    const issues = (input: unknown) =>
      configSchema.safeParse({ clusters: [cluster], ...(input as object) }).error?.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
    expect(issues({ alerts: { queryRunningSecond: 5 } })).toEqual([
      { path: 'alerts', message: expect.stringContaining('queryRunningSecond') },
    ]);
    expect(issues({ alerts: { connectionsPercent: 120 } })).toEqual([
      { path: 'alerts.connectionsPercent', message: expect.stringContaining('100') },
    ]);
    expect(issues({ alerts: { lockChainWaiters: 2.5 } })?.[0]?.path).toBe('alerts.lockChainWaiters');
    expect(issues({ alerts: { unreachableSeconds: 'soon' } })?.[0]).toEqual({
      path: 'alerts.unreachableSeconds',
      message: expect.stringContaining('false (or null) to turn the rule off'),
    });
    expect(issues({ clusters: [{ ...cluster, alerts: { idleInTransactionSeconds: 0 } }] })?.[0]?.path).toBe(
      'clusters.0.alerts.idleInTransactionSeconds',
    );
  });
});

describe('alert conditions of a snapshot', () => {
  it('look at other clients only: not pgwarden, not parallel workers, not background processes', () => {
    const sessions = [
      sessionRow({ pid: 1, queryAgeMs: 600_000 }),
      sessionRow({ pid: 2, queryAgeMs: 600_000, isPgwarden: true }),
      sessionRow({ pid: 3, queryAgeMs: 600_000, leaderPid: 1 }),
      sessionRow({ pid: 4, queryAgeMs: 600_000, backendType: 'autovacuum worker' }),
      sessionRow({ pid: 5, queryAgeMs: 10_000 }),
    ];
    const found = alertConditions(snapshot({ sessions }), { ...OFF, queryRunningSeconds: 60 }, context);
    expect(found.map((condition) => [condition.rule, condition.sessions[0]?.pid])).toEqual([['query_running', 1]]);
    expect(alertConditions(snapshot({ sessions }), OFF, context)).toEqual([]);
  });

  it('while the cluster cannot be reached, only unreachable, and only past its threshold', () => {
    const down = (since: string) =>
      snapshot({
        error: { message: 'connect ECONNREFUSED', since },
        sessions: [sessionRow({ pid: 1, queryAgeMs: 1e9 })],
      });
    const rules = { ...OFF, queryRunningSeconds: 1, unreachableSeconds: 60 };
    expect(alertConditions(down('2026-12-01T09:59:30Z'), rules, context)).toEqual([]);
    const [condition, ...rest] = alertConditions(down('2026-12-01T09:58:00Z'), rules, context);
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({ rule: 'unreachable', key: 'cluster', sessions: [] });
    expect(condition!.detail).toBe('cannot be reached for 2 min (over 60 s): connect ECONNREFUSED');
  });

  it('count connections against max_connections only once it is known', () => {
    const sessions = Array.from({ length: 9 }, (_, pid) => sessionRow({ pid: pid + 1, state: 'idle' }));
    const rules = { ...OFF, connectionsPercent: 90 };
    expect(alertConditions(snapshot({ sessions, maxConnections: 10 }), rules, context)).toHaveLength(1);
    expect(alertConditions(snapshot({ sessions, maxConnections: 11 }), rules, context)).toEqual([]);
    expect(alertConditions(snapshot({ sessions, maxConnections: null }), rules, context)).toEqual([]);
  });

  it('name at most 20 sessions of a long chain, the root blocker first', () => {
    const waiters = Array.from({ length: 30 }, (_, index) =>
      sessionRow({ pid: 100 + index, blockedBy: [7], waitEventType: 'Lock', stateAgeMs: 5_000 }),
    );
    const sessions = [sessionRow({ pid: 7, state: 'idle in transaction' }), ...waiters];
    const [chain] = alertConditions(snapshot({ sessions }), { ...OFF, lockChainWaiters: 5 }, context);
    expect(chain!.rule).toBe('lock_chain');
    expect(chain!.sessions).toHaveLength(MAX_ALERT_SESSIONS);
    expect(chain!.sessions[0]!.pid).toBe(7);
    expect(chain!.detail).toMatch(/^pid 7 \(app@shop, web\) holds up 30 sessions \(more than 5\)$/);
  });
});
