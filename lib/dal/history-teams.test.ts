// History by team: runs recorded by the real history writer are read back with the team the owners directory names
// for their user or application, and summed per team (teams are computed when read, never stored).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import { createRole, openBusySession, testServers, withClient, withUrl, type TestRole } from '@/test/servers';
import { signedIn } from '@/test/signed-in';

vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));

const { getHistoryReport, exportLongQueries } = await import('./history');
const { startHistoryRecording, forgetHistoryWriters } = await import('@/lib/history/start-recording');
const { statePool } = await import('@/lib/state/state-db');

const server = testServers()[0]!;
const stateDb = `pgwarden_state_teams_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(server.superuserUrl, { database: stateDb });
const tag = randomBytes(3).toString('hex');
monitoredClustersForFile('history-teams', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250, longQueryThresholdSeconds: 1 },
  stateDatabaseUrl: stateUrl,
  roles: [{ role: 'viewer', email: 'viewer@test.dev' }],
  owners: [{ team: 'etl', contact: '#etl', applications: [`etl-${tag}-*`] }],
});

describe('long-query history by team', () => {
  let app: TestRole;

  beforeAll(async () => {
    await withClient(server.superuserUrl, (client) => client.query(`create database ${stateDb}`));
    startHistoryRecording();
    await statePool();
    app = await createRole(server.superuserUrl);
    signedIn.identity = { email: 'viewer@test.dev', name: null, groups: [], provider: 'local' };
  });
  afterAll(async () => {
    await forgetHistoryWriters();
    await app.drop();
  });

  it('puts the team on each run and sums runs per team, "no team" for the rest', async () => {
    const sessions = await Promise.all([
      openBusySession(app.url, { applicationName: `etl-${tag}-1`, sql: 'select pg_sleep(3)' }),
      openBusySession(app.url, { applicationName: `etl-${tag}-2`, sql: 'select pg_sleep(3)' }),
      openBusySession(app.url, { applicationName: `adhoc-${tag}`, sql: 'select pg_sleep(3)' }),
    ]);
    const pids = sessions.map((session) => session.pid);
    try {
      const report = await eventually(
        () => getHistoryReport({ clusterId: server.name, view: { range: 'hour' } }),
        (result) => result.ok && pids.every((pid) => result.data.records.some((record) => record.pid === pid)),
        15_000,
      );
      if (!report.ok) throw new Error(report.message);
      const teamOf = (pid: number) => report.data.records.find((record) => record.pid === pid)?.team;
      expect(pids.map(teamOf)).toEqual(['etl', 'etl', null]);
      const etl = report.data.teams.find((total) => total.team === 'etl');
      expect(etl?.queries).toBe(2);
      expect(etl?.worstMs).toBeGreaterThanOrEqual(1000);
      expect(etl?.totalMs).toBeGreaterThanOrEqual(etl!.worstMs);
      expect(report.data.teams.some((total) => total.team === null)).toBe(true);

      const exported = await exportLongQueries({ clusterId: server.name, view: { range: 'hour' } });
      expect(exported.ok && exported.data.records.find((record) => record.pid === pids[0])?.team).toBe('etl');
    } finally {
      for (const session of sessions) await session.close();
    }
  });
});
