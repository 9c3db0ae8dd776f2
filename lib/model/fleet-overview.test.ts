// The overview's score: each concern outranks every concern below it put together (README "Fleet overview").
import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';
import { rankClusters, summarizeCluster, type ConnectionSettings } from './fleet-overview';

const settings: ConnectionSettings = { maxConnections: 100, superuserReservedConnections: 3, reservedConnections: 7 };

function snapshot(sessions: SessionRow[], error: SessionsSnapshot['error'] = null): SessionsSnapshot {
  return {
    clusterId: 'x',
    snapshotId: 1,
    takenAt: '2025-01-01 00:10:00+00',
    sessions,
    serverVersion: '18.1',
    privileges: null,
    error,
    sampleMs: 1,
    ageMs: 0,
  };
}

const cluster = (
  id: string,
  sessions: SessionRow[],
  error: SessionsSnapshot['error'] = null,
  openAlerts: number | null = null,
) => summarizeCluster({ id, name: id, snapshot: snapshot(sessions, error), settings, ageMs: 0, openAlerts });

const idle = (count: number, from: number) =>
  Array.from({ length: count }, (_, i) => sessionRow({ pid: from + i, state: 'idle', queryAgeMs: null }));

describe('fleet overview ranking', () => {
  it('puts unreachable, then lock chains, then full connections, then long queries, then idle transactions', () => {
    const everythingButLocks = [
      ...idle(85, 1000), // 85 + 2 of 90 ordinary slots: nearly full
      sessionRow({ pid: 1, queryAgeMs: 3_600_000, xactAgeMs: 7_200_000 }),
      sessionRow({ pid: 2, state: 'idle in transaction', queryAgeMs: null, xactAgeMs: 3_600_000 }),
    ];
    const ranked = rankClusters([
      cluster('calm', idle(3, 10)),
      cluster('idle-tx', [sessionRow({ pid: 2, state: 'idle in transaction', queryAgeMs: null, xactAgeMs: 600_000 })]),
      cluster('long-query', [sessionRow({ pid: 3, queryAgeMs: 400_000 })]),
      cluster('full', everythingButLocks),
      cluster('locks', [
        sessionRow({ pid: 4, state: 'idle in transaction', queryAgeMs: null }),
        sessionRow({ pid: 5, waitEventType: 'Lock', blockedBy: [4], stateAgeMs: 5000 }),
      ]),
      cluster('down', [], { message: 'nothing is listening', since: '2025-01-01T00:00:00.000Z' }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['down', 'locks', 'full', 'long-query', 'idle-tx', 'calm']);
    expect(ranked[1]!.locks).toMatchObject({ roots: 1, waiting: 1, longestWaitMs: 5000 });
    expect(ranked[2]!.reasons).toEqual([
      'connections 97% used',
      'query running 1h 00m',
      'idle in transaction 1h 00m',
      'transaction open 2h 00m',
    ]);
    expect(ranked.at(-1)!.score).toBe(0);
  });

  it('puts a cluster with an open alert after the unreachable ones and before lock chains', () => {
    const ranked = rankClusters([
      cluster('locks', [
        sessionRow({ pid: 4, state: 'idle in transaction', queryAgeMs: null }),
        sessionRow({ pid: 5, waitEventType: 'Lock', blockedBy: [4], stateAgeMs: 5000 }),
      ]),
      cluster('alerting', idle(3, 10), null, 2),
      cluster('calm', idle(3, 20), null, 0),
      cluster('down', [], { message: 'nothing is listening', since: '2025-01-01T00:00:00.000Z' }),
    ]);
    expect(ranked.map((c) => c.id)).toEqual(['down', 'alerting', 'locks', 'calm']);
    expect(ranked[1]!.reasons).toEqual(['2 open alerts']);
  });

  it('counts a lock wait shorter than a second as contention, and leaves pgwarden out of the figures', () => {
    const overview = cluster('x', [
      sessionRow({ pid: 4, state: 'idle in transaction', queryAgeMs: null }),
      sessionRow({ pid: 5, waitEventType: 'Lock', blockedBy: [4], stateAgeMs: 400 }),
      sessionRow({ pid: 6, isPgwarden: true, queryAgeMs: 900_000, xactAgeMs: 900_000 }),
    ]);
    expect(overview.score).toBe(0);
    expect(overview.locks.waiting).toBe(1);
    expect(overview.active).toBe(1);
    expect(overview.connections.used).toBe(3);
    expect(overview.longestQuery?.pid).toBe(5);
  });

  it('ranks the longest outage first among unreachable clusters', () => {
    const down = (id: string, since: string) => cluster(id, [], { message: 'down', since });
    const ranked = rankClusters([down('recent', '2025-01-01T00:09:00.000Z'), down('long', '2025-01-01T00:01:00.000Z')]);
    expect(ranked.map((c) => c.id)).toEqual(['long', 'recent']);
  });
});
