import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testServers, withClient, withUrl } from '@/test/servers';
import { LeaderElection } from './cluster-leader';
import { LEADER_HOLDERS_SQL, LEADER_LOCK_NAMESPACE } from './leader-lock';

// Two elections in one process are two sessions of the state database, as two instances would be.
const server = testServers()[0]!;
const stateDb = `pgwarden_state_leader_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(server.superuserUrl, { database: stateDb });
const INTERVAL_MS = 250;
const running: LeaderElection[] = [];

function election(name: string, clusterIds = ['prod', 'staging']): LeaderElection {
  const started = new LeaderElection({
    stateDatabaseUrl: stateUrl,
    clusterIds,
    intervalMs: INTERVAL_MS,
    applicationName: `pgwarden-leader-test ${name}`,
  });
  running.push(started);
  started.start();
  return started;
}

/** Polls every 10 ms (takeover is timed); fails after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function holders(clusterIds: string[]) {
  return withClient(stateUrl, async (client) => {
    const { rows } = await client.query<{ cluster_id: string; pid: number; application_name: string }>(
      `${LEADER_HOLDERS_SQL} order by 1`,
      [LEADER_LOCK_NAMESPACE, clusterIds],
    );
    return rows;
  });
}

beforeAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`create database ${stateDb}`));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((started) => started.stop()));
});

afterAll(async () => {
  await withClient(server.superuserUrl, (client) => client.query(`drop database ${stateDb} with (force)`));
});

describe('cluster leadership', () => {
  it('gives each cluster exactly one leader among several instances, visible in pg_locks', async () => {
    const a = election('a');
    await until(() => a.isLeader('prod') && a.isLeader('staging'));
    const b = election('b');
    await b.settled();
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 3));
    expect([b.isLeader('prod'), b.isLeader('staging')]).toEqual([false, false]);
    expect(await holders(['prod', 'staging'])).toEqual([
      expect.objectContaining({ cluster_id: 'prod', application_name: 'pgwarden-leader-test a' }),
      expect.objectContaining({ cluster_id: 'staging', application_name: 'pgwarden-leader-test a' }),
    ]);
    // The leader's checks do not stack the lock: one pg_locks row per cluster, held once.
    const counts = await withClient(stateUrl, async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = $1`,
        [LEADER_LOCK_NAMESPACE],
      );
      return rows[0]!.n;
    });
    expect(counts).toBe(2);
  });

  it('finds the holder of a cluster whose hashtext is negative (pg_locks shows it as an oid)', async () => {
    const id = await withClient(stateUrl, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `select id from unnest($1::text[]) as c(id) where hashtext(id) < 0 order by id limit 1`,
        [['eu-1', 'eu-2', 'eu-3', 'us-1', 'us-2', 'us-3', 'ap-1', 'ap-2', 'ap-3', 'sa-1']],
      );
      return rows[0]!.id;
    });
    const a = election('a', [id]);
    await until(() => a.isLeader(id));
    expect(await holders([id])).toEqual([expect.objectContaining({ application_name: 'pgwarden-leader-test a' })]);
  });

  it('hands over within two intervals when the session of the leader ends, as when its process dies', async () => {
    const a = election('a');
    await until(() => a.isLeader('prod'));
    const b = election('b');
    await b.settled();
    await a.stop();
    // From when the leader has let its session go (its round in progress finished first, which is not the handover).
    const gone = performance.now();
    await until(() => b.isLeader('prod') && b.isLeader('staging'), INTERVAL_MS * 2 + 500);
    const takeoverMs = performance.now() - gone;
    expect(takeoverMs).toBeLessThan(INTERVAL_MS * 2);
    expect((await holders(['prod']))[0]!.application_name).toBe('pgwarden-leader-test b');
  });

  it('stops leading at once when its session is terminated, and one instance leads again within two intervals', async () => {
    const a = election('a', ['prod']);
    await until(() => a.isLeader('prod'));
    const b = election('b', ['prod']);
    await b.settled();
    const [holder] = await holders(['prod']);
    await withClient(server.superuserUrl, (client) => client.query('select pg_terminate_backend($1)', [holder!.pid]));
    await until(() => !a.isLeader('prod'), 200);
    await until(() => a.isLeader('prod') || b.isLeader('prod'), INTERVAL_MS * 2 + 500);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS * 2));
    expect([a.isLeader('prod'), b.isLeader('prod')].filter(Boolean)).toHaveLength(1);
    expect(await holders(['prod'])).toHaveLength(1);
  });

  it('releases its locks when stopped, and keeps trying while the state database is unreachable', async () => {
    const a = election('a', ['prod']);
    await until(() => a.isLeader('prod'));
    await a.stop();
    expect(a.isLeader('prod')).toBe(false);
    expect(await holders(['prod'])).toEqual([]);

    const lost = new LeaderElection({
      stateDatabaseUrl: withUrl(stateUrl, { database: `${stateDb}_missing` }),
      clusterIds: ['prod'],
      intervalMs: INTERVAL_MS,
    });
    running.push(lost);
    lost.start();
    await lost.settled();
    expect(lost.isLeader('prod')).toBe(false);
  });
});
