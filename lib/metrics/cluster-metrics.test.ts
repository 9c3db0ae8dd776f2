import { describe, expect, it } from 'vitest';
import type { SessionsSnapshot } from '@/lib/types/session';
import { sessionRow } from '@/test/session-row';
import { recordClusterSample } from './cluster-metrics';
import { countSignalOutcomes, countSignInFailure } from './counters';
import { metrics } from './registry';

const SECRET_QUERY = "select * from accounts where password = 'hunter2-in-a-query'";

function snapshot(clusterId: string, sessionCount: number, change: Partial<SessionsSnapshot> = {}): SessionsSnapshot {
  return {
    clusterId,
    snapshotId: 1,
    takenAt: '2025-01-01 00:00:00+00',
    sessions: Array.from({ length: sessionCount }, (_, index) =>
      sessionRow({
        pid: 1000 + index,
        state: ['active', 'idle', 'idle in transaction', null, `weird-${index}`][index % 5]!,
        query: `${SECRET_QUERY} /* ${index} */`,
        user: `user_${index}`,
        applicationName: `app-${index}`,
        waitEventType: index % 7 === 0 ? 'Lock' : null,
      }),
    ),
    serverVersion: '18.0',
    privileges: null,
    error: null,
    sampleMs: 12,
    ageMs: 0,
    ...change,
  };
}

/** The exposition lines of one cluster (comments and other clusters left out). */
async function seriesOf(cluster: string): Promise<string[]> {
  const text = await metrics().registry.metrics();
  return text.split('\n').filter((line) => line.includes(`cluster="${cluster}"`));
}

describe('cluster metrics', () => {
  it('have as many series for 5000 sessions as for 5, with no pid, user, application or query text', async () => {
    recordClusterSample(snapshot('few', 5, { maxConnections: 100 }));
    recordClusterSample(snapshot('many', 5000, { maxConnections: 100 }));
    const few = await seriesOf('few');
    const many = await seriesOf('many');
    expect(many.length).toBe(few.length);
    const text = await metrics().registry.metrics();
    for (const leak of ['hunter2', 'user_1', 'app-1', 'weird-', 'pid=', '1001']) expect(text).not.toContain(leak);
    const states = new Set(many.flatMap((line) => /state="([^"]*)"/.exec(line)?.[1] ?? []));
    expect([...states].sort()).toEqual(
      [
        'active',
        'disabled',
        'fastpath function call',
        'idle',
        'idle in transaction',
        'idle in transaction (aborted)',
        'unknown',
      ].sort(),
    );
  });

  it('report the snapshot: up, sessions by state, lock waits, connections and max_connections', async () => {
    recordClusterSample(snapshot('shop', 10, { maxConnections: 250 }));
    const lines = await seriesOf('shop');
    expect(lines).toContain('pgwarden_cluster_up{cluster="shop"} 1');
    expect(lines).toContain('pgwarden_sessions{cluster="shop",state="active"} 2');
    expect(lines).toContain('pgwarden_sessions{cluster="shop",state="unknown"} 4');
    expect(lines).toContain('pgwarden_sessions_waiting_on_locks{cluster="shop"} 2');
    expect(lines).toContain('pgwarden_connections_used{cluster="shop"} 10');
    expect(lines).toContain('pgwarden_max_connections{cluster="shop"} 250');
    expect(lines).toContain('pgwarden_sample_duration_seconds_count{cluster="shop"} 1');
  });

  it('keep only up=0 while a cluster cannot be reached, so stale numbers do not look current', async () => {
    recordClusterSample(snapshot('down', 3, { maxConnections: 100 }));
    recordClusterSample(
      snapshot('down', 3, {
        error: { message: 'connection refused', since: '2025-01-01T00:00:00Z' },
        maxConnections: null,
      }),
    );
    const gauges = (await seriesOf('down')).filter((line) => !line.startsWith('pgwarden_sample_duration'));
    expect(gauges).toEqual(['pgwarden_cluster_up{cluster="down"} 0']);
  });

  it('count signals per target by action and outcome, and sign-in failures', async () => {
    countSignalOutcomes('shop', 'terminate', [
      { outcome: 'terminated' },
      { outcome: 'terminated' },
      { outcome: 'not_permitted' },
    ]);
    countSignInFailure('wrong_password');
    const text = await metrics().registry.metrics();
    expect(text).toContain('pgwarden_signals_total{cluster="shop",action="terminate",outcome="terminated"} 2');
    expect(text).toContain('pgwarden_signals_total{cluster="shop",action="terminate",outcome="not_permitted"} 1');
    expect(text).toContain('pgwarden_sign_in_failures_total{provider="local",reason="wrong_password"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });
});
