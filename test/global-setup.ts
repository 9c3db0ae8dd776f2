// vitest global setup: one embedded PostgreSQL 18 for the whole run and, when installed, the machine's PostgreSQL 15.
// Tests read the superuser URLs through test/servers.ts (inject), never from here.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { THROWAWAY_ROLE_PREFIX } from './constants';
import { stopPostmaster } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the embedded PostgreSQL 18 (database "postgres"). */
    pg18SuperuserUrl: string;
    /** Superuser URL of the machine's PostgreSQL 15 (role pgwarden_test), or null when it is not available. */
    pg15SuperuserUrl: string | null;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK_DIR = path.join(ROOT, '.pgwarden', 'test');
const PG18_DATA = path.join(WORK_DIR, 'pg18');
const PG18_LOG = path.join(WORK_DIR, 'pg18.log');
const PG15_BIN = '/usr/lib/postgresql/15/bin';
const PG15_ROLE = 'pgwarden_test';

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  mkdirSync(WORK_DIR, { recursive: true });

  // A crashed earlier run may have left its server running on the data folder we are about to wipe.
  await stopPostmaster(PG18_DATA);
  rmSync(PG18_DATA, { recursive: true, force: true });
  rmSync(PG18_LOG, { force: true });

  let pg18: EmbeddedPostgresHandle | undefined;
  let pg15: Pg15 | null = null;
  try {
    pg18 = await startEmbeddedPostgres({
      dataDir: PG18_DATA,
      port: 54329,
      password: randomBytes(18).toString('base64url'),
      maxConnections: 400,
      log: (line) => appendFileSync(PG18_LOG, line),
    });
    say(`PostgreSQL 18 on 127.0.0.1:${pg18.port} (log: ${path.relative(ROOT, PG18_LOG)})`);
    pg15 = await preparePg15();
  } catch (error) {
    await pg18?.stop().catch(() => {});
    await stopPostmaster(PG18_DATA);
    throw error;
  }

  project.provide('pg18SuperuserUrl', pg18.url());
  project.provide('pg15SuperuserUrl', pg15?.url ?? null);
  say(`servers ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);

  const server18 = pg18;
  return async () => {
    await server18.stop().catch((error: unknown) => say(`stopping PostgreSQL 18: ${String(error)}`));
    await stopPostmaster(PG18_DATA);
    if (pg15?.startedByUs) {
      const result = spawnSync('pg_ctlcluster', ['15', 'main', 'stop'], { encoding: 'utf8' });
      if (result.status !== 0) say(`stopping PostgreSQL 15: ${result.stderr.trim()}`);
    }
  };
}

interface Pg15 {
  url: string;
  startedByUs: boolean;
}

/**
 * Makes the machine's PostgreSQL 15 usable by tests: starts the Debian cluster 15/main when it is down and (re)creates
 * a SUPERUSER login role with a fresh random password, reached over TCP on 127.0.0.1.
 * PGWARDEN_TEST_PG15_URL=<superuser url> uses another server instead; PGWARDEN_TEST_SKIP_PG15=1 skips it.
 */
async function preparePg15(): Promise<Pg15 | null> {
  if (process.env.PGWARDEN_TEST_SKIP_PG15 === '1') return null;
  if (process.env.PGWARDEN_TEST_PG15_URL) return { url: process.env.PGWARDEN_TEST_PG15_URL, startedByUs: false };
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

  let cluster = pg15Cluster();
  if (!cluster) {
    const created = spawnSync('pg_createcluster', ['15', 'main'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`pg_createcluster 15 main failed: ${created.stderr.trim()}`);
    cluster = pg15Cluster();
    if (!cluster) throw new Error('PostgreSQL 15 cluster "main" not found after pg_createcluster');
  }

  let startedByUs = false;
  if (!cluster.online) {
    // Extra options only for this run (nothing written to the cluster's configuration): room for many backends.
    const result = spawnSync('pg_ctlcluster', ['15', 'main', 'start', '--', '-o', '-c max_connections=300'], {
      encoding: 'utf8',
    });
    // Exit code 2 means "already running" (started concurrently by someone else): use it, leave it running.
    if (result.status === 0) startedByUs = true;
    else if (result.status !== 2) throw new Error(`pg_ctlcluster 15 main start failed: ${result.stderr.trim()}`);
  }

  const password = randomBytes(18).toString('base64url');
  runPsqlAsPostgres(
    cluster.port,
    `SELECT 'CREATE ROLE ${PG15_ROLE}' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PG15_ROLE}') \\gexec
ALTER ROLE ${PG15_ROLE} WITH LOGIN SUPERUSER PASSWORD '${password}';
`,
  );
  const url = `postgres://${PG15_ROLE}:${password}@127.0.0.1:${cluster.port}/postgres`;

  // Proves pg_hba lets the role in over TCP with its password, and drops roles a crashed run left behind.
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
            EXECUTE format('DROP ROLE %I', r.rolname);
          EXCEPTION WHEN others THEN
            RAISE WARNING 'could not drop stale role %: %', r.rolname, SQLERRM;
          END;
        END LOOP;
      END $$`);
  } catch (error) {
    throw new Error(`cannot log in to PostgreSQL 15 as ${PG15_ROLE} over TCP: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  say(`PostgreSQL 15 on 127.0.0.1:${cluster.port}${startedByUs ? ' (started for this run)' : ' (already running)'}`);
  return { url, startedByUs };
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

/** Runs SQL through psql as the postgres OS user (peer authentication on the Unix socket). SQL goes via stdin. */
function runPsqlAsPostgres(port: number, sql: string): void {
  const result = spawnSync(
    'su',
    ['postgres', '-s', '/bin/sh', '-c', `psql -X -q -v ON_ERROR_STOP=1 -p ${port} -d postgres`],
    { input: sql, encoding: 'utf8', cwd: '/' },
  );
  if (result.status !== 0) throw new Error(`psql as postgres failed: ${result.stderr.trim()}`);
}
