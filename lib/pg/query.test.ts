import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { eventually } from '@/test/pgwarden-config';
import { connect, createRole, testServers, withClient, type TestRole } from '@/test/servers';
import { createClusterPool } from './pools';
import { runQuery, withPoolClient } from './query';

const backendPid = async (pool: pg.Pool) =>
  (await runQuery<{ pid: number }>(pool, 'select pg_backend_pid() as pid')).rows[0]!.pid;

describe.each(testServers())('runQuery on $name', ({ superuserUrl }) => {
  let monitor: TestRole;
  let pool: pg.Pool;
  let superuser: pg.Client & { processID?: number };

  beforeAll(async () => {
    superuser = await connect(superuserUrl);
    monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    const cluster = configSchema.parse({ clusters: [{ id: 't', url: monitor.url, statementTimeoutMs: 200 }] });
    pool = createClusterPool(cluster.clusters[0]!);
  });
  afterAll(async () => {
    await pool.end();
    await superuser.end();
    await monitor.drop();
  });

  it.each([
    ['42501', 'select pg_cancel_backend($1)'], // a superuser's backend
    ['57014', 'select pg_sleep(2)'], // statement_timeout
    ['22008', "select '2026-13-45 00:00:00+00'::timestamptz"],
    ['42601', 'selec 1'],
  ])('keeps the connection after an error %s', async (code, text) => {
    const pid = await backendPid(pool);
    const values = text.includes('$1') ? [superuser.processID] : [];
    await expect(runQuery(pool, text, values)).rejects.toMatchObject({ code });
    expect(await backendPid(pool)).toBe(pid);
  });

  it('rolls back a transaction left open or failed, and keeps the connection', async () => {
    const pid = await backendPid(pool);
    await expect(
      withPoolClient(pool, async (client) => {
        await client.query('begin');
        await client.query('select 1/0');
      }),
    ).rejects.toMatchObject({ code: '22012' });
    await withPoolClient(pool, (client) => client.query('begin'));
    const { rows } = await runQuery<{ pid: number; in_tx: boolean }>(
      pool,
      'select pg_backend_pid() as pid, now() <> statement_timestamp() as in_tx',
    );
    expect(rows[0]).toEqual({ pid, in_tx: false });
  });

  it('replaces a connection that was terminated, at once (and opens its second)', async () => {
    const pid = await backendPid(pool);
    await withClient(superuserUrl, (client) => client.query('select pg_terminate_backend($1, 5000)', [pid]));
    const reopened = await eventually(
      () =>
        withClient(superuserUrl, async (client) => {
          const { rows } = await client.query<{ pid: number }>(
            "select pid from pg_stat_activity where application_name = 'pgwarden' and usename = $1",
            [monitor.name],
          );
          return rows.map((row) => row.pid);
        }),
      (pids) => pids.length === 2 && !pids.includes(pid),
    );
    expect(reopened).not.toContain(pid);
  });
});
