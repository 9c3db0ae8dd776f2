import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { ClusterSampler } from '@/lib/sessions/sampler';
import { judgeTarget } from '@/lib/signals/guard-rails';
import { lookupTargets } from '@/lib/signals/target-lookup';
import { createStatePool } from '@/lib/state/state-db';
import { groupSessions } from '@/lib/types/owners';
import { defaultSessionView, filterSessions } from '@/lib/types/session-view';
import { connect, createRole, testServers, type TestRole } from '@/test/servers';
import { createClusterPool, warmPool } from './pools';
import { runQuery } from './query';

const protect = { users: [], applications: [], databases: [] };

describe.each(testServers())('pgwarden’s own connections on $name', ({ superuserUrl }) => {
  const roles: TestRole[] = [];
  const pools: pg.Pool[] = [];
  const clients: pg.Client[] = [];
  let sampler: ClusterSampler;
  const pids = { instanceA: [] as number[], instanceB: [] as number[], state: [] as number[], spoofed: [] as number[] };

  /** The backends of a warmed cluster pool: both of its connections, held at once. */
  const pidsOf = async (pool: pg.Pool) => {
    const held = [await pool.connect(), await pool.connect()];
    const found = [];
    for (const client of held)
      found.push((await client.query<{ p: number }>('select pg_backend_pid() as p')).rows[0]!.p);
    for (const client of held) client.release();
    return found;
  };

  beforeAll(async () => {
    const monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    const state = await createRole(superuserUrl);
    const app = await createRole(superuserUrl);
    roles.push(monitor, state, app);
    const cluster = configSchema.parse({ clusters: [{ id: 'own', url: monitor.url }] }).clusters[0]!;
    // Two pgwarden instances with the same logins: their state database lives on this cluster.
    const [clusterA, clusterB] = [0, 1].map(() => createClusterPool(cluster, { stateDatabaseUrl: state.url }));
    const [stateA, stateB] = [0, 1].map(() => createStatePool(state.url));
    pools.push(clusterA!, clusterB!, stateA!, stateB!);
    await Promise.all([warmPool(clusterA!), warmPool(clusterB!)]);
    pids.instanceA = await pidsOf(clusterA!);
    pids.instanceB = await pidsOf(clusterB!);
    for (const pool of [stateA!, stateB!]) {
      pids.state.push((await runQuery<{ p: number }>(pool, 'select pg_backend_pid() as p')).rows[0]!.p);
    }
    // Anyone may call themselves pgwarden; that alone does not make them pgwarden's.
    for (const name of ['pgwarden', 'pgwarden-state']) {
      const client = await connect(app.url, { application_name: name });
      clients.push(client);
      pids.spoofed.push((await client.query<{ p: number }>('select pg_backend_pid() as p')).rows[0]!.p);
    }
    sampler = new ClusterSampler(cluster, clusterA!);
  });

  afterAll(async () => {
    sampler.stop();
    for (const client of clients) await client.end();
    for (const pool of pools) await pool.end();
    for (const role of roles) await role.drop();
  });

  it('marks both instances’ cluster and state connections as pgwarden’s, and nobody else’s', async () => {
    const { sessions } = await sampler.read();
    const own = sessions.filter((row) => row.isPgwarden).map((row) => row.pid);
    expect(own.sort()).toEqual([...pids.instanceA, ...pids.instanceB, ...pids.state].sort());
    const spoofed = sessions.filter((row) => pids.spoofed.includes(row.pid));
    expect(spoofed.map((row) => row.isPgwarden)).toEqual([false, false]);

    const shown = filterSessions(sessions, defaultSessionView).map((row) => row.pid);
    for (const pid of own) expect(shown).not.toContain(pid);
    for (const pid of pids.spoofed) expect(shown).toContain(pid);
    const owners = groupSessions(sessions, 'user').map((group) => group.key);
    const [monitor, state, app] = roles;
    expect(owners).not.toContain(monitor!.name);
    expect(owners).not.toContain(state!.name);
    expect(owners).toContain(app!.name);
  });

  it('never signals them: the guard rail refuses the state connection and the other instance’s', async () => {
    const { sessions } = await sampler.read();
    const targetOf = (pid: number) => {
      const row = sessions.find((session) => session.pid === pid)!;
      return { pid, backendStart: row.backendStart! };
    };
    const targets = await lookupTargets(pools[0]!, [
      targetOf(pids.state[0]!),
      targetOf(pids.instanceB[0]!),
      targetOf(pids.spoofed[1]!),
    ]);
    expect(targets.map((target) => target.isPgwarden)).toEqual([true, true, false]);
    const verdicts = targets.map((target) => judgeTarget(target, 'admin', protect, true));
    expect(verdicts.slice(0, 2)).toEqual([
      expect.objectContaining({ eligible: false, outcome: 'refused' }),
      expect.objectContaining({ eligible: false, outcome: 'refused' }),
    ]);
    expect(verdicts[2]).toMatchObject({ eligible: true });
  });
});
