import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { findFreePort } from '@/scripts/embedded-postgres';
import { createStatePool, migrate, StateDatabaseMissing } from '@/lib/state/state-db';
import { testServers, withClient, withUrl } from '@/test/servers';
import { checkStateDatabase, EXPECTED_SCHEMA_VERSION } from './state-database-check';

const server = testServers()[0]!;
const database = `pgwarden_ready_${randomBytes(4).toString('hex')}`;
const url = withUrl(server.superuserUrl, { database });

describe('state database readiness check', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    await withClient(server.superuserUrl, (client) => client.query(`create database ${database}`));
    pool = createStatePool(url);
  });

  afterAll(async () => {
    await pool?.end();
    await withClient(server.superuserUrl, (client) => client.query(`drop database if exists ${database} with (force)`));
  });

  it('is not ready while the schema is older than this build expects', async () => {
    await pool.query('create table schema_migrations (version integer primary key, name text not null)');
    await pool.query("insert into schema_migrations values (1, 'audit log')");
    expect(await checkStateDatabase(async () => pool)).toEqual({
      ok: false,
      status: 'not_migrated',
      schemaVersion: 1,
      expectedVersion: EXPECTED_SCHEMA_VERSION,
    });
  });

  it('is ready once migrated', async () => {
    await pool.query('drop table schema_migrations');
    await migrate(pool);
    expect(await checkStateDatabase(async () => pool)).toEqual({
      ok: true,
      status: 'ok',
      schemaVersion: EXPECTED_SCHEMA_VERSION,
    });
  });

  it('says why it cannot connect without naming the host, port, user or password', async () => {
    const port = await findFreePort(45_000);
    const closed = createStatePool(`postgres://secret_user:secret_password@127.0.0.1:${port}/pgwarden`);
    try {
      const check = await checkStateDatabase(async () => closed);
      expect(check).toMatchObject({ ok: false, status: 'unavailable' });
      const body = JSON.stringify(check);
      for (const leak of ['127.0.0.1', String(port), 'secret_user', 'secret_password'])
        expect(body).not.toContain(leak);
      expect(body).toContain('nothing is listening');
    } finally {
      await closed.end();
    }
  });

  it('gives up after the timeout instead of waiting on a database that does not answer', async () => {
    const started = Date.now();
    const check = await checkStateDatabase(() => new Promise<pg.Pool>(() => {}), 200);
    expect(check).toEqual({ ok: false, status: 'unavailable', reason: 'no answer within 0.2 s' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('sends one query at a time to a database that does not answer, however many checks come', async () => {
    let asked = 0;
    const hanging = () => {
      asked++;
      return new Promise<pg.Pool>(() => {});
    };
    const checks = await Promise.all([1, 2, 3].map(() => checkStateDatabase(hanging, 100)));
    expect(await checkStateDatabase(hanging, 100)).toMatchObject({ ok: false, reason: 'no answer within 0.1 s' });
    expect(checks.every((check) => !check.ok)).toBe(true);
    expect(asked).toBe(1);
  });

  it('is ready without a state database, which the config allows (nothing can be signalled then)', async () => {
    expect(await checkStateDatabase(() => Promise.reject(new StateDatabaseMissing()))).toEqual({
      ok: true,
      status: 'not_configured',
    });
  });
});
