// The machine's PostgreSQL 15 (Debian cluster 15/main) for the vitest global setup, shared safely by concurrent runs:
// runs register in a machine-wide folder; the cluster is started when down and stopped by the last run to leave, and
// only when a test run started it. The SUPERUSER login role pgwarden_test keeps its random password in that folder
// (mode 0600) so concurrent runs agree on it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { isAlive } from '../scripts/process-control';
import { THROWAWAY_ROLE_PREFIX } from './constants';
import { withLock } from './processes';

const PG15_BIN = '/usr/lib/postgresql/15/bin';
const ROLE = 'pgwarden_test';
const SHARED = process.env.PGWARDEN_TEST_PG15_STATE_DIR ?? '/tmp/pgwarden-test-pg15';
const LOCK = path.join(SHARED, 'lock');
const USERS = path.join(SHARED, 'users');
const STARTED_MARKER = path.join(SHARED, 'started-by-tests');
const PASSWORD_FILE = path.join(SHARED, 'password');

export interface Pg15Lease {
  /** Superuser URL over TCP (127.0.0.1). */
  url: string;
  /** Unregisters this run; the last run out stops the cluster if a test run started it. */
  release(): Promise<void>;
}

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

/**
 * Returns PostgreSQL 15 for this run, or null when it is not available (not installed, or not root).
 * PGWARDEN_TEST_PG15_URL=<superuser url> uses another server instead; PGWARDEN_TEST_SKIP_PG15=1 skips it.
 */
export async function acquirePg15(): Promise<Pg15Lease | null> {
  if (process.env.PGWARDEN_TEST_SKIP_PG15 === '1') return null;
  if (process.env.PGWARDEN_TEST_PG15_URL) return { url: process.env.PGWARDEN_TEST_PG15_URL, release: async () => {} };
  if (!existsSync(PG15_BIN)) {
    say('PostgreSQL 15 is not installed: testing against PostgreSQL 18 only');
    return null;
  }
  if (process.getuid?.() !== 0) {
    say(
      'not root: cannot manage the machine PostgreSQL 15 (set PGWARDEN_TEST_PG15_URL); testing against PostgreSQL 18 only',
    );
    return null;
  }
  mkdirSync(SHARED, { recursive: true, mode: 0o700 });

  return withLock(LOCK, async () => {
    const others = liveUsers();
    let cluster = pg15Cluster();
    if (!cluster) {
      const created = spawnSync('pg_createcluster', ['15', 'main'], { encoding: 'utf8' });
      if (created.status !== 0) throw new Error(`pg_createcluster 15 main failed: ${created.stderr.trim()}`);
      cluster = pg15Cluster();
      if (!cluster) throw new Error('PostgreSQL 15 cluster "main" not found after pg_createcluster');
    }
    let started = false;
    if (!cluster.online) {
      // Extra options for this start only (the cluster's configuration files are not changed): room for many backends.
      const result = spawnSync('pg_ctlcluster', ['15', 'main', 'start', '--', '-o', '-c max_connections=300'], {
        encoding: 'utf8',
      });
      // Exit code 2: already running (started by someone else meanwhile) — use it as it is.
      if (result.status === 0) {
        started = true;
        writeFileSync(STARTED_MARKER, String(process.pid));
      } else if (result.status !== 2) {
        throw new Error(`pg_ctlcluster 15 main start failed: ${result.stderr.trim()}`);
      }
    }
    mkdirSync(USERS, { recursive: true });
    writeFileSync(path.join(USERS, String(process.pid)), '');

    const url = await ensureRole(cluster.port);
    if (others.length === 0) await dropStaleRoles(url);
    say(`PostgreSQL 15 on 127.0.0.1:${cluster.port}${started ? ' (started for this run)' : ' (already running)'}`);
    return { url, release: () => withLock(LOCK, release) };
  });
}

async function release(): Promise<void> {
  rmSync(path.join(USERS, String(process.pid)), { force: true });
  if (liveUsers().length > 0 || !existsSync(STARTED_MARKER)) return;
  const result = spawnSync('pg_ctlcluster', ['15', 'main', 'stop'], { encoding: 'utf8' });
  if (result.status !== 0 && pg15Cluster()?.online) say(`stopping PostgreSQL 15: ${result.stderr.trim()}`);
  rmSync(STARTED_MARKER, { force: true });
}

/** Pids of other live test runs using the cluster; forgets dead ones. */
function liveUsers(): number[] {
  if (!existsSync(USERS)) return [];
  const live: number[] = [];
  for (const name of readdirSync(USERS)) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(pid);
    else rmSync(path.join(USERS, name), { force: true });
  }
  return live;
}

function pg15Cluster(): { port: number; online: boolean } | null {
  const result = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  for (const line of result.stdout.split('\n')) {
    const [version, name, port, status] = line.trim().split(/\s+/);
    if (version === '15' && name === 'main')
      return { port: Number(port), online: status?.startsWith('online') ?? false };
  }
  return null;
}

/** Null when the URL logs in, else the error. */
async function loginError(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Makes sure pgwarden_test exists as a SUPERUSER with the shared password and can log in over TCP. */
async function ensureRole(port: number): Promise<string> {
  const urlFor = (password: string) => `postgres://${ROLE}:${password}@127.0.0.1:${port}/postgres`;
  const stored = existsSync(PASSWORD_FILE) ? readFileSync(PASSWORD_FILE, 'utf8').trim() : '';
  if (stored && (await loginError(urlFor(stored))) === null) return urlFor(stored);

  const password = randomBytes(18).toString('base64url');
  runPsqlAsPostgres(
    port,
    `SELECT 'CREATE ROLE ${ROLE}' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') \\gexec
ALTER ROLE ${ROLE} WITH LOGIN SUPERUSER PASSWORD '${password}';
`,
  );
  writeFileSync(PASSWORD_FILE, password, { mode: 0o600 });
  const failure = await loginError(urlFor(password));
  if (failure) throw new Error(`cannot log in to PostgreSQL 15 as ${ROLE} over TCP: ${failure.message}`);
  return urlFor(password);
}

/** Drops throw-away roles (test/pg-helpers.ts createRole) that runs which crashed left behind. */
async function dropStaleRoles(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(`
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT rolname FROM pg_roles WHERE rolname LIKE '${THROWAWAY_ROLE_PREFIX.replaceAll('_', '\\_')}%' LOOP
          PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = r.rolname;
          BEGIN
            EXECUTE format('DROP OWNED BY %I', r.rolname);
            EXECUTE format('DROP ROLE %I', r.rolname);
          EXCEPTION WHEN others THEN
            RAISE WARNING 'could not drop stale role %: %', r.rolname, SQLERRM;
          END;
        END LOOP;
      END $$`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs SQL through psql as the postgres OS user (peer authentication on the Unix socket). SQL goes via stdin. */
function runPsqlAsPostgres(port: number, sql: string): void {
  const result = spawnSync(
    'su',
    ['postgres', '-s', '/bin/sh', '-c', `psql -X -q -v ON_ERROR_STOP=1 -p ${port} -d postgres`],
    {
      input: sql,
      encoding: 'utf8',
      cwd: '/',
    },
  );
  if (result.status !== 0) throw new Error(`psql as postgres failed: ${result.stderr.trim()}`);
}
