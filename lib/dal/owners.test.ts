import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OwnerGroup, OwnersPage } from '@/lib/types/owners';
import type { Result } from '@/lib/types/result';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import { connect, createRole, openBusySession, testServers, type BusySession, type TestRole } from '@/test/servers';
import { signedIn } from '@/test/signed-in';

vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));

const { listOwners } = await import('./owners');

const servers = testServers();
const monitors = monitoredClustersForFile('dal-owners', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250 },
  roles: [{ role: 'viewer', email: 'lead@test.dev' }],
});

beforeAll(() => {
  signedIn.identity = { email: 'lead@test.dev', name: null, groups: [], provider: 'local' };
});

describe.each(servers)('listOwners on $name', ({ name: clusterId, superuserUrl }) => {
  const suffix = randomBytes(4).toString('hex');
  const reports = `owners-reports-${suffix}`;
  const batch = `owners-batch-${suffix}`;
  let app: TestRole;
  const busy: BusySession[] = [];
  const clients: pg.Client[] = [];

  const groupOf = (result: Result<OwnersPage>, key: string): OwnerGroup | undefined =>
    result.ok ? result.data.groups.find((group) => group.key === key) : undefined;

  beforeAll(async () => {
    app = await createRole(superuserUrl);
    busy.push(await openBusySession(app.url, { applicationName: reports, sql: 'select pg_sleep(60)' }));
    busy.push(await openBusySession(app.url, { applicationName: reports, sql: 'select pg_sleep(60)' }));
    busy.push(await openBusySession(app.url, { applicationName: batch, sql: 'select pg_sleep(60)' }));
    const idle = await connect(app.url, { application_name: reports });
    await idle.query('select 1');
    const idleInTransaction = await connect(app.url, { application_name: reports });
    await idleInTransaction.query('begin');
    await idleInTransaction.query('select 1');
    clients.push(idle, idleInTransaction);
  });

  afterAll(async () => {
    for (const session of busy) await session.close();
    for (const client of clients) await client.end().catch(() => {});
    await app.drop();
  });

  it('counts the sessions of each application by state', async () => {
    const result = await eventually(
      () => listOwners({ clusterId, by: 'application' }),
      (value) => groupOf(value, reports)?.sessions === 4 && groupOf(value, batch)?.sessions === 1,
    );
    const group = groupOf(result, reports)!;
    expect(group).toMatchObject({ sessions: 4, active: 2, idleInTransaction: 1, waitingOnLocks: 0 });
    expect(group.states).toEqual({ active: 2, idle: 1, 'idle in transaction': 1 });
    expect(group.longestQueryMs).toBeGreaterThan(0);
    expect(busy.slice(0, 2).map((session) => session.pid)).toContain(group.longestQueryPid);
    expect(group.totalRunningMs).toBeGreaterThanOrEqual(group.longestQueryMs!);
    expect(groupOf(result, batch)).toMatchObject({ sessions: 1, active: 1, states: { active: 1 } });
  });

  it('groups by user: the role owns all five, and pgwarden’s own sessions are left out', async () => {
    const result = await eventually(
      () => listOwners({ clusterId, by: 'user' }),
      (value) => groupOf(value, app.name)?.sessions === 5,
    );
    expect(groupOf(result, app.name)).toMatchObject({ sessions: 5, active: 3, idleInTransaction: 1 });
    expect(groupOf(result, monitors.get(clusterId)!.name)).toBeUndefined();
  });

  it('falls back to grouping by user for an unknown dimension', async () => {
    const result = await listOwners({ clusterId, by: 'favourite-colour' });
    expect(result.ok && result.data.by).toBe('user');
  });
});
