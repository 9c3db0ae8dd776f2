// The fleet overview on real servers: connection limits by version, the vacuum horizon, lock chains ranked first after
// an unreachable cluster, and viewers served from the samplers' snapshots without a query of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { connect, createRole, majorVersion, testServers, withClient, type TestRole } from '@/test/servers';
import { useTestConfig } from '@/test/pgwarden-config';
import { sleep } from '@/scripts/process-control';
import type { ClusterOverview } from '@/lib/model/fleet-overview';
import {
  encodedFleetOverview,
  fleetOverviewOf,
  fleetStats,
  forgetFleetOverview,
  startFleetOverview,
} from './fleet-state';

const servers = testServers();
const locked = servers[0]!;
const ids = [...servers.map((server) => server.name), 'down'];
const monitors: TestRole[] = [];
const opened: pg.Client[] = [];
const xminHolders = new Map<string, number>();
let lockRootPid = 0;

async function until(check: (clusters: ClusterOverview[]) => boolean, what: string): Promise<ClusterOverview[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { clusters } = fleetOverviewOf(ids);
    if (check(clusters)) return clusters;
    if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(clusters, null, 1).slice(0, 3000)}`);
    await sleep(100);
  }
}

beforeAll(async () => {
  for (const server of servers) {
    monitors.push(await createRole(server.superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] }));
    // A transaction holding an xid, then other transactions: the horizon is that many transactions old.
    const holder = await connect(server.superuserUrl, { application_name: 'fleet-xmin-holder' });
    opened.push(holder);
    await holder.query('begin');
    await holder.query('select txid_current()');
    xminHolders.set(server.name, (await holder.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid);
    await withClient(server.superuserUrl, async (client) => {
      for (let i = 0; i < 5; i++) await client.query('select txid_current()');
    });
  }
  await withClient(locked.superuserUrl, async (client) => {
    await client.query('drop table if exists fleet_lock_target');
    await client.query('create table fleet_lock_target (id int primary key)');
    await client.query('insert into fleet_lock_target values (1)');
  });
  const root = await connect(locked.superuserUrl, { application_name: 'fleet-lock-root' });
  opened.push(root);
  await root.query('begin');
  await root.query('select * from fleet_lock_target for update');
  lockRootPid = (await root.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  for (let i = 0; i < 2; i++) {
    const waiter = await connect(locked.superuserUrl, { application_name: 'fleet-lock-waiter' });
    opened.push(waiter);
    void waiter.query('select * from fleet_lock_target for update').catch(() => {});
  }
  useTestConfig('fleet-state', {
    clusters: [
      ...servers.map((server, index) => ({ id: server.name, url: monitors[index]!.url, sampleIntervalMs: 250 })),
      // Nothing listens on port 1.
      { id: 'down', url: 'postgres://nobody:x@127.0.0.1:1/postgres', sampleIntervalMs: 250 },
    ],
    roles: [{ role: 'viewer', email: 'viewer@fleet.test' }],
  });
  startFleetOverview();
});

afterAll(async () => {
  for (const client of opened) await client.end().catch(() => {});
  const { stopAllSamplers } = await import('@/lib/sessions/sampler');
  const { closeAllPools } = await import('@/lib/pg/pools');
  stopAllSamplers();
  forgetFleetOverview();
  await closeAllPools();
  for (const role of monitors) await role.drop();
});

describe('fleet overview', () => {
  it('ranks the unreachable cluster first, then the one with a lock chain, with the figures that explain it', async () => {
    const clusters = await until(
      (list) =>
        list.every(
          (cluster) => cluster.reachable !== null && (cluster.id === 'down' || cluster.connections.settings),
        ) && (list.find((cluster) => cluster.id === locked.name)?.locks.longestWaitMs ?? 0) >= 1000,
      'every cluster sampled, its settings read, and the lock wait over a second',
    );
    expect(clusters.map((cluster) => cluster.id).slice(0, 2)).toEqual(['down', locked.name]);
    const down = clusters[0]!;
    expect(down.reachable).toBe(false);
    expect(down.error?.message).toMatch(/nothing is listening|ECONNREFUSED|connect/i);
    expect(Date.parse(down.error!.since)).toBeLessThanOrEqual(Date.now());
    expect(down.reasons).toContain('cannot reach');
    const withLocks = clusters[1]!;
    expect(withLocks.locks).toMatchObject({ roots: 1, waiting: 2 });
    expect(withLocks.locks.worstRoot).toMatchObject({
      pid: lockRootPid,
      applicationName: 'fleet-lock-root',
      holdsUp: 2,
    });
    expect(withLocks.reasons[0]).toMatch(/^2 waiting on locks, longest \d+s$/);
  });

  it.each(servers)('reads the connection limits of $name, reserved_connections from 16 on', async (server) => {
    const [cluster] = await until(
      (list) => list.find((c) => c.id === server.name)?.connections.settings != null,
      'settings read',
    ).then((list) => list.filter((c) => c.id === server.name));
    const expected = await withClient(server.superuserUrl, async (client) => {
      const { rows } = await client.query<{ max: string; su: string }>(
        "select current_setting('max_connections') as max, current_setting('superuser_reserved_connections') as su",
      );
      const reserved =
        majorVersion(server) >= 16
          ? Number(
              (await client.query<{ r: string }>("select current_setting('reserved_connections') as r")).rows[0]!.r,
            )
          : null;
      return {
        maxConnections: Number(rows[0]!.max),
        superuserReservedConnections: Number(rows[0]!.su),
        reservedConnections: reserved,
      };
    });
    expect(cluster!.connections.settings).toEqual(expected);
    expect(cluster!.serverVersion).toMatch(new RegExp(`^${majorVersion(server)}\\.`));
    expect(cluster!.connections.used).toBeGreaterThan(0);
  });

  it.each(servers)(
    'names the backend holding the vacuum horizon on $name (backend_xid / backend_xmin)',
    async (server) => {
      // Other test files run transactions on the same servers at the same time: one of theirs may be older than the
      // holder's, and is then rightly the one named. Either way the named backend holds the horizon at least as far back.
      const clusters = await until((list) => list.find((c) => c.id === server.name)?.oldestXmin != null, 'a horizon');
      const cluster = clusters.find((c) => c.id === server.name)!;
      const named = cluster.oldestXmin!.pid;
      if (named !== xminHolders.get(server.name)) {
        const ages = await withClient(server.superuserUrl, async (client) => {
          const { rows } = await client.query<{ pid: number; age: number }>(
            `select pid, greatest(age(backend_xid), age(backend_xmin)) as age from pg_stat_activity where pid = any($1)`,
            [[named, xminHolders.get(server.name)]],
          );
          return new Map(rows.map((row) => [row.pid, row.age]));
        });
        // Still there (it may have ended since the snapshot): at least as old as the holder.
        if (ages.has(named)) expect(ages.get(named)!).toBeGreaterThanOrEqual(ages.get(xminHolders.get(server.name)!)!);
      }
      expect(cluster.oldestXmin!.ageXids).toBeGreaterThanOrEqual(5);
      expect(cluster.oldestTransaction?.pid).toBeDefined();
      expect(cluster.idleInTransaction.count).toBeGreaterThanOrEqual(1);
    },
  );

  it('serves viewers from the snapshots: one encoding per fleet change, no settings probe per request', async () => {
    const probes = fleetStats.settingsProbes;
    const first = encodedFleetOverview(ids);
    const again = encodedFleetOverview(ids);
    // Both answers of one fleet version are the same bytes (an encoding in between only when a snapshot came).
    if (again.version === first.version) expect(again.json).toBe(first.json);
    const encodes = fleetStats.encodes;
    for (let i = 0; i < 50; i++) encodedFleetOverview(ids);
    expect(fleetStats.encodes - encodes).toBeLessThanOrEqual(2);
    expect(fleetStats.settingsProbes).toBe(probes);
    const body = JSON.parse(first.json.toString()) as { ok: boolean; data: { clusters: ClusterOverview[] } };
    expect(body.ok).toBe(true);
    expect(body.data.clusters[0]!.id).toBe('down');
    // Another set of visible clusters is encoded for itself, ranked the same way.
    const only = JSON.parse(encodedFleetOverview([locked.name]).json.toString()) as typeof body;
    expect(only.data.clusters.map((cluster) => cluster.id)).toEqual([locked.name]);
  });
});
