import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BlockingNode, BlockingPage, BlockingRoot } from '@/lib/types/blocking';
import type { Result } from '@/lib/types/result';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import { connect, testServers, withClient } from '@/test/servers';
import { signedIn } from '@/test/signed-in';

// Only who is signed in is stubbed (next-auth needs a request); config, sampler and PostgreSQL are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));

const { getBlockingTree } = await import('./blocking');

const servers = testServers();
monitoredClustersForFile('dal-blocking', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250 },
  roles: [{ role: 'viewer', email: 'viewer@test.dev' }],
});

function as(email: string) {
  signedIn.identity = { email, name: null, groups: [], provider: 'local' };
}

function pidsUnder(node: BlockingNode): number[] {
  return [node.pid, ...node.children.flatMap(pidsUnder)];
}

describe.each(servers)('getBlockingTree on $name', ({ name: clusterId, superuserUrl }) => {
  const suffix = randomBytes(4).toString('hex');
  const rowsTable = `blocking_rows_${suffix}`;
  const fanoutTable = `blocking_fanout_${suffix}`;
  const clients: pg.Client[] = [];
  const pid = { a: 0, b: 0, c: 0, d: 0, e: 0, f: 0 };

  async function session(name: string): Promise<[pg.Client, number]> {
    const client = await connect(superuserUrl, { application_name: `blocking-${name}-${suffix}` });
    clients.push(client);
    return [client, (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid];
  }

  beforeAll(async () => {
    await withClient(superuserUrl, async (client) => {
      await client.query(`create table ${rowsTable} (id int primary key, n int)`);
      await client.query(`insert into ${rowsTable} values (1, 0), (2, 0)`);
      await client.query(`create table ${fanoutTable} (id int)`);
    });
    // Chain 1: A holds row 1; B holds row 2 and waits for row 1; C waits for row 2. So A -> B -> C.
    const [a, aPid] = await session('a');
    await a.query('begin');
    await a.query(`update ${rowsTable} set n = n + 1 where id = 1`);
    const [b, bPid] = await session('b');
    await b.query('begin');
    await b.query(`update ${rowsTable} set n = n + 1 where id = 2`);
    void b.query(`update ${rowsTable} set n = n + 1 where id = 1`).catch(() => {});
    const [c, cPid] = await session('c');
    void c.query(`update ${rowsTable} set n = n + 1 where id = 2`).catch(() => {});
    // Chain 2: D holds the table exclusively; E and F wait to read it. So D -> E, F.
    const [d, dPid] = await session('d');
    await d.query('begin');
    await d.query(`lock table ${fanoutTable} in access exclusive mode`);
    const [e, ePid] = await session('e');
    void e.query(`select * from ${fanoutTable}`).catch(() => {});
    const [f, fPid] = await session('f');
    void f.query(`select * from ${fanoutTable}`).catch(() => {});
    Object.assign(pid, { a: aPid, b: bPid, c: cPid, d: dPid, e: ePid, f: fPid });
    await eventually(
      () =>
        withClient(superuserUrl, async (client) => {
          const { rows } = await client.query<{ n: number }>(
            "select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and pid = any($1)",
            [[bPid, cPid, ePid, fPid]],
          );
          return rows[0]!.n;
        }),
      (waiting) => waiting === 4,
    );
  });

  afterAll(async () => {
    await withClient(superuserUrl, (client) =>
      client.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1)', [Object.values(pid)]),
    );
    for (const client of clients) await client.end().catch(() => {});
    await withClient(superuserUrl, (client) => client.query(`drop table if exists ${rowsTable}, ${fanoutTable}`));
  });

  it('draws the two chains as two roots with their direct and total counts', async () => {
    as('viewer@test.dev');
    const ours = new Set(Object.values(pid));
    const oursOf = (result: Result<BlockingPage>): BlockingRoot[] =>
      result.ok ? result.data.tree.roots.filter((root) => pidsUnder(root.node).some((under) => ours.has(under))) : [];
    const result = await eventually(
      () => getBlockingTree({ clusterId }),
      (value) => oursOf(value).reduce((sum, root) => sum + root.total, 0) === 4,
    );
    const roots = oursOf(result);
    expect(roots).toHaveLength(2);
    const byPid = new Map(roots.map((root) => [root.node.pid, root]));

    const chain = byPid.get(pid.a)!;
    expect(chain).toMatchObject({ direct: 1, total: 2, inCycle: false });
    expect(chain.node.children.map((child) => child.pid)).toEqual([pid.b]);
    expect(chain.node.children[0]!.children.map((child) => child.pid)).toEqual([pid.c]);
    expect(chain.node.session).toMatchObject({ state: 'idle in transaction' });
    expect(chain.node.session!.xactAgeMs).toBeGreaterThan(0);
    expect(chain.longestWaitMs).toBeGreaterThan(0);

    const fanout = byPid.get(pid.d)!;
    expect(fanout).toMatchObject({ direct: 2, total: 2, inCycle: false });
    expect(fanout.node.children.map((child) => child.pid).sort()).toEqual([pid.e, pid.f].sort());
    expect(result.ok && result.data.tree.waiting).toBeGreaterThanOrEqual(4);
  });

  it('refuses the signed-out and the unmapped', async () => {
    signedIn.identity = null;
    expect(await getBlockingTree({ clusterId })).toMatchObject({ ok: false, code: 'unauthenticated' });
    as('stranger@elsewhere.dev');
    expect(await getBlockingTree({ clusterId })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});
