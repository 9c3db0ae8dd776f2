// The monitored PostgreSQL 18 for the benchmarks: roles, databases, and pg_stat_statements counters.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { scramVerifier } from '../scripts/demo/db-passwords';
import { MONITOR_ROLE, monitorRoleSql } from '../scripts/demo/monitor-role';
import { startTestPostgres } from '../test/embedded';
import { stopPostmaster } from '../test/processes';
import { connect, withUrl } from '../test/pg-helpers';

/** Login roles the simulated applications connect as (never superusers, so pg_signal_backend may signal them). */
export const LOAD_ROLES = ['load_checkout', 'load_reports', 'load_etl', 'load_analyst'] as const;
export type LoadRole = (typeof LOAD_ROLES)[number];
export const LOAD_DATABASE = 'benchdb';
export const STATE_DATABASE = 'pgwarden_state';

export interface BenchCluster {
  db: EmbeddedPostgresHandle;
  dataDir: string;
  /** Superuser, database "postgres". Holds a password: never print it. */
  superuserUrl: string;
  /** pgwarden's least-privilege login (pg_read_all_stats + pg_signal_backend), database "postgres". */
  monitorUrl: string;
  monitorPassword: string;
  /** pgwarden's state database (audit, history), as the superuser. */
  stateUrl: string;
  loadUrl(role: LoadRole): string;
  /** A superuser connection for counters and clean-up. */
  admin: pg.Client;
  stop(): Promise<void>;
}

export const pgDataDir = (runDir: string) => path.join(runDir, 'pg18');

export async function startBenchCluster(runDir: string, maxConnections: number): Promise<BenchCluster> {
  const dataDir = pgDataDir(runDir);
  // Another checkout's bench may hold the first port: take the next free one.
  const port = await findFreePort(54369);
  const db = await startTestPostgres({ dataDir, logFile: path.join(runDir, 'pg18.log'), port, maxConnections });
  const monitorPassword = randomBytes(18).toString('base64url');
  const loadPassword = randomBytes(18).toString('base64url');
  let admin: pg.Client | undefined;
  try {
    admin = await connect(db.url(), { application_name: 'bench-admin' });
    await admin.query('create extension if not exists pg_stat_statements');
    await admin.query(monitorRoleSql(pg.escapeLiteral(scramVerifier(monitorPassword))));
    await admin.query(`create database ${STATE_DATABASE}`);
    await admin.query(`create database ${LOAD_DATABASE}`);
    // Few SCRAM iterations: a thousand logins should cost connection forks, not key stretching.
    for (const role of LOAD_ROLES) {
      await admin.query(`create role ${role} login password ${pg.escapeLiteral(scramVerifier(loadPassword, 16))}`);
    }
    const load = await connect(db.url(LOAD_DATABASE));
    try {
      await load.query('create table bench_locks (id int primary key, note text)');
      await load.query(`insert into bench_locks values (1, 'contended row')`);
      await load.query(`grant select, update on bench_locks to ${LOAD_ROLES.join(', ')}`);
    } finally {
      await load.end();
    }
  } catch (error) {
    await admin?.end().catch(() => {});
    await db.stop().catch(() => {});
    await stopPostmaster(dataDir);
    throw error;
  }
  const adminClient = admin;
  let stopped: Promise<void> | undefined;
  return {
    db,
    dataDir,
    superuserUrl: db.url(),
    monitorUrl: withUrl(db.url(), { user: MONITOR_ROLE, password: monitorPassword }),
    monitorPassword,
    stateUrl: db.url(STATE_DATABASE),
    loadUrl: (role) => withUrl(db.url(LOAD_DATABASE), { user: role, password: loadPassword }),
    admin: adminClient,
    stop: () =>
      (stopped ??= (async () => {
        await adminClient.end().catch(() => {});
        await db.stop().catch(() => {});
        await stopPostmaster(dataDir);
      })()),
  };
}

export interface StatementCount {
  queryid: string;
  query: string;
  calls: number;
  /** Time spent executing them on the server (pg_stat_statements total_exec_time), milliseconds. */
  execMs: number;
}

/** pg_stat_statements counters of one role in one database, by queryid. */
export async function statementCounts(
  admin: pg.Client,
  role: string,
  database: string,
): Promise<Map<string, StatementCount>> {
  const { rows } = await admin.query<StatementCount>(
    `select s.queryid::text as queryid, s.query, s.calls::float8 as calls, s.total_exec_time as "execMs"
       from pg_stat_statements s
       join pg_roles r on r.oid = s.userid
       join pg_database d on d.oid = s.dbid
      where r.rolname = $1 and d.datname = $2 and s.toplevel`,
    [role, database],
  );
  return new Map(rows.map((row) => [row.queryid, row]));
}

/** Statements that ran between two readings, most frequent first. */
export function statementDelta(
  before: Map<string, StatementCount>,
  after: Map<string, StatementCount>,
): StatementCount[] {
  return [...after.values()]
    .map((row) => {
      const earlier = before.get(row.queryid);
      return {
        ...row,
        calls: row.calls - (earlier?.calls ?? 0),
        execMs: Math.round((row.execMs - (earlier?.execMs ?? 0)) * 100) / 100,
      };
    })
    .filter((row) => row.calls > 0)
    .sort((a, b) => b.calls - a.calls);
}

export const sumCalls = (rows: StatementCount[]) => rows.reduce((total, row) => total + row.calls, 0);

/** The sampler's sessions query, whatever its parameters (psql's literal and node's $1 get different queryids). */
export const isSessionsSql = (query: string) =>
  query.includes('pg_blocking_pids(a.pid)') && query.includes('is_pgwarden');

/** How many calls of the sessions SQL pgwarden's role has made so far. */
export async function sessionsSqlCalls(admin: pg.Client): Promise<number> {
  const counts = await statementCounts(admin, MONITOR_ROLE, 'postgres');
  return sumCalls([...counts.values()].filter((row) => isSessionsSql(row.query)));
}
