// The README's role SQL, exactly as a reader pastes it into psql, on every supported PostgreSQL version.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { THROWAWAY_ROLE_PREFIX } from '@/test/constants';
import { connect, createRole, majorVersion, testServers, withClient, withUrl } from '@/test/servers';
import { MONITOR_ROLE_SQL } from './monitor-role';

const README = readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** The first ```sql block under a README heading, as printed. */
function sqlBlockUnder(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`README.md has no heading "${heading}"`);
  const block = /```sql\n([\s\S]*?)```/.exec(README.slice(at));
  if (!block) throw new Error(`README.md has no sql block under "${heading}"`);
  return block[1]!;
}

const MONITOR_BLOCK = sqlBlockUnder('### The database role pgwarden should use');
const STATE_BLOCK = sqlBlockUnder('### The state database');

/** Runs SQL the way a reader does: psql, statement by statement, stopping at the first error. */
function psql(url: string, sql: string): void {
  const file = path.join(os.tmpdir(), `pgwarden-readme-${randomBytes(6).toString('hex')}.sql`);
  writeFileSync(file, sql, { mode: 0o600 });
  try {
    execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    throw new Error(`psql failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The block with its fixed names replaced by throw-away ones, so concurrent runs and reruns never collide. */
function renamed(sql: string, from: string): { sql: string; name: string } {
  const name = `${THROWAWAY_ROLE_PREFIX}${randomBytes(6).toString('hex')}`;
  return { sql: sql.replaceAll(from, name), name };
}

const hasPrivilegesOf = async (url: string, role: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ has: boolean | null }>(
      `select case when exists (select from pg_roles where rolname = $1) then pg_has_role(current_user, $1, 'usage') end as has`,
      [role],
    );
    return rows[0]!.has;
  });

describe('the README role SQL', () => {
  it('is the SQL the demo, the e2e tests and the benchmarks run', () => {
    expect(MONITOR_BLOCK).toBe(`${MONITOR_ROLE_SQL}\n`);
  });
});

describe.each(testServers())('the README role SQL on $name', (server) => {
  const reserved = majorVersion(server) >= 16;

  it('creates the monitoring login as pasted: reads every session, may signal, reserved slots on 16+', async () => {
    const { sql, name } = renamed(MONITOR_BLOCK, 'pgwarden_monitor');
    const password = /PASSWORD '([^']+)'/.exec(MONITOR_BLOCK)![1]!;
    const url = withUrl(server.superuserUrl, { user: name, password });
    const superuserSession = await connect(server.superuserUrl, { application_name: 'readme-dba' });
    try {
      psql(server.superuserUrl, sql);
      await superuserSession.query('select 1 /* readme-dba */');
      const seen = await withClient(url, async (client) => {
        const { rows } = await client.query<{ query: string }>(
          "select query from pg_stat_activity where application_name = 'readme-dba'",
        );
        return rows[0]?.query;
      });
      expect(seen).toContain('readme-dba');
      expect(await hasPrivilegesOf(url, 'pg_read_all_stats')).toBe(true);
      expect(await hasPrivilegesOf(url, 'pg_signal_backend')).toBe(true);
      expect(await hasPrivilegesOf(url, 'pg_use_reserved_connections')).toBe(reserved ? true : null);
      const attributes = await withClient(server.superuserUrl, async (client) => {
        const { rows } = await client.query(
          'select rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = $1',
          [name],
        );
        return rows[0];
      });
      expect(attributes).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
    } finally {
      await superuserSession.end();
      await withClient(server.superuserUrl, (client) => client.query(`drop role if exists "${name}"`));
    }
  });

  it('creates the state login and its database as pasted: owner may create tables, others may not connect', async () => {
    const { sql, name } = renamed(STATE_BLOCK, 'pgwarden_state');
    const password = /PASSWORD '([^']+)'/.exec(STATE_BLOCK)![1]!;
    const url = withUrl(server.superuserUrl, { user: name, password, database: name });
    const stranger = await createRole(server.superuserUrl, { database: name });
    try {
      psql(server.superuserUrl, sql);
      await withClient(url, (client) => client.query('create table pgwarden_check (id int)'));
      expect(await hasPrivilegesOf(url, 'pg_use_reserved_connections')).toBe(reserved ? true : null);
      await expect(withClient(stranger.url, (client) => client.query('select 1'))).rejects.toMatchObject({
        code: '42501',
      });
    } finally {
      await stranger.drop();
      await withClient(server.superuserUrl, async (client) => {
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.query(`drop role if exists "${name}"`);
      });
    }
  });
});
