// The fleet overview with many clusters (issue 11): one app watching one cluster, then a second app watching
// `clusters` ids, each its own database on one of two real servers (PostgreSQL 18 and another major), at the default
// interval. Per app: GET /api/fleet latency, the server's CPU and RSS, and the statements reaching each cluster.
import path from 'node:path';
import pg from 'pg';
import { MONITOR_ROLE, monitorRoleSql } from '../scripts/demo/monitor-role';
import { scramVerifier } from '../scripts/demo/db-passwords';
import {
  embeddedPostgresMissing,
  findFreePort,
  type EmbeddedMajor,
  type EmbeddedPostgresHandle,
} from '../scripts/embedded-postgres';
import { startTestPostgres } from '../test/embedded';
import { connect, withUrl } from '../test/pg-helpers';
import { stopPostmaster } from '../test/processes';
import { ADMIN_EMAIL, CLUSTER_ID, Session, startApp, type BuildSnapshot, type RunningApp } from './app';
import type { BenchCluster } from './cluster';
import { groupUsage } from './process-usage';
import type { Reporter } from './report';
import { round, sleep, summarise, type Summary } from './stats';

export interface FleetOptions {
  clusters: number;
  seconds: number;
}

export interface FleetPhase {
  clusters: number;
  /** Where the clusters live, said in the output. */
  layout: string;
  getMs: Summary;
  /** GET /api/health (no database, no sign-in check) in the same loop: what the machine's load alone costs a request. */
  healthMs: Summary;
  bytes: number;
  requests: number;
  failed: number;
  cpuSecondsPerSecond: number;
  rssMiB: { median: number; max: number };
  /** Statements per second from pgwarden's role reaching one cluster (its database): mean, min, max. */
  statementsPerClusterPerSecond: { mean: number; min: number; max: number };
  sessionsSqlPerClusterPerSecond: number;
  statementsPerSecondAllClusters: number;
}

export interface FleetResults {
  options: FleetOptions;
  secondServer: string;
  phases: FleetPhase[];
}

const VIEWER_PAUSE_MS = 250;
export const secondServerDir = (runDir: string) => path.join(runDir, 'pg-fleet');

/** pgwarden's statements per database of one server: all, and the sessions SQL among them. */
async function callsByDatabase(admin: pg.Client): Promise<Map<string, { calls: number; sessions: number }>> {
  const { rows } = await admin.query<{ datname: string; calls: number; sessions: number }>(
    `select d.datname, sum(s.calls)::float8 as calls,
            coalesce(sum(s.calls) filter (where s.query like '%pg_blocking_pids(a.pid)%'), 0)::float8 as sessions
       from pg_stat_statements s
       join pg_roles r on r.oid = s.userid
       join pg_database d on d.oid = s.dbid
      where r.rolname = $1
      group by d.datname`,
    [MONITOR_ROLE],
  );
  return new Map(rows.map((row) => [row.datname, { calls: row.calls, sessions: row.sessions }]));
}

async function allCalls(admins: pg.Client[]) {
  const merged = new Map<string, { calls: number; sessions: number }>();
  for (const admin of admins) {
    for (const [database, counts] of await callsByDatabase(admin)) merged.set(`${admin.port}/${database}`, counts);
  }
  return merged;
}

/** Waits until the overview lists `count` clusters that have all been sampled. */
async function waitForFleet(session: Session, count: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  let seen = 'no answer';
  while (Date.now() < deadline) {
    const response = await session.fetch('/api/fleet');
    const body = (await response.json()) as { data?: { clusters: { reachable: boolean | null }[] } };
    const clusters = body.data?.clusters ?? [];
    if (clusters.length === count && clusters.every((cluster) => cluster.reachable === true)) return;
    seen = `${clusters.length} clusters, ${clusters.filter((cluster) => cluster.reachable).length} reachable`;
    await sleep(500);
  }
  throw new Error(`the overview did not list ${count} reachable clusters within 90 s (${seen})`);
}

async function measure(
  app: RunningApp,
  session: Session,
  databases: string[],
  admins: pg.Client[],
  seconds: number,
): Promise<Omit<FleetPhase, 'clusters' | 'layout'>> {
  const before = await allCalls(admins);
  const usageBefore = groupUsage(app.pid);
  const started = performance.now();
  const latencies: number[] = [];
  const health: number[] = [];
  const rss: number[] = [];
  let bytes = 0;
  let failed = 0;
  const rssTimer = setInterval(() => rss.push(groupUsage(app.pid).rssBytes / 2 ** 20), 1000);
  try {
    while (performance.now() - started < seconds * 1000) {
      try {
        const sent = performance.now();
        const response = await session.fetch('/api/fleet');
        const body = Buffer.from(await response.arrayBuffer());
        latencies.push(performance.now() - sent);
        if (response.status !== 200) failed++;
        bytes = body.length;
        const asked = performance.now();
        await (await session.fetch('/api/health')).arrayBuffer();
        health.push(performance.now() - asked);
      } catch {
        // The server did not answer (refused, reset): counted, and the viewer asks again.
        failed++;
      }
      await sleep(VIEWER_PAUSE_MS);
    }
  } finally {
    clearInterval(rssTimer);
  }
  const elapsed = (performance.now() - started) / 1000;
  const usageAfter = groupUsage(app.pid);
  // pg_stat_statements counts a statement when it ends: let the last samples land.
  await sleep(500);
  const after = await allCalls(admins);
  const perCluster = databases.map((key) => (after.get(key)?.calls ?? 0) - (before.get(key)?.calls ?? 0));
  const sessionsPerCluster = databases.map((key) => (after.get(key)?.sessions ?? 0) - (before.get(key)?.sessions ?? 0));
  const total = perCluster.reduce((sum, calls) => sum + calls, 0);
  return {
    getMs: summarise(latencies),
    healthMs: summarise(health),
    bytes,
    requests: latencies.length,
    failed,
    cpuSecondsPerSecond: round((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed, 3),
    rssMiB: { median: round(summarise(rss).median, 1), max: round(Math.max(...rss), 1) },
    statementsPerClusterPerSecond: {
      mean: round(total / databases.length / elapsed, 3),
      min: round(Math.min(...perCluster) / elapsed, 3),
      max: round(Math.max(...perCluster) / elapsed, 3),
    },
    sessionsSqlPerClusterPerSecond: round(
      sessionsPerCluster.reduce((sum, calls) => sum + calls, 0) / databases.length / elapsed,
      3,
    ),
    statementsPerSecondAllClusters: round(total / elapsed, 2),
  };
}

function secondMajor(): EmbeddedMajor {
  for (const version of [17, 16, 14] as const) if (embeddedPostgresMissing(version) === null) return version;
  return 18;
}

export async function benchFleet(
  runDir: string,
  build: BuildSnapshot,
  cluster: BenchCluster,
  baseline: { app: RunningApp; session: Session },
  options: FleetOptions,
  report: Reporter,
): Promise<FleetResults> {
  const major = secondMajor();
  let second: EmbeddedPostgresHandle | undefined;
  let secondAdmin: pg.Client | undefined;
  let fleetApp: RunningApp | undefined;
  try {
    report.say(`fleet: one cluster for ${options.seconds} s (the app already running)`);
    const one = await measure(
      baseline.app,
      baseline.session,
      [`${cluster.db.port}/postgres`],
      [cluster.admin],
      options.seconds,
    );
    const phases: FleetPhase[] = [
      { clusters: 1, layout: `the database "postgres" of PostgreSQL 18 (id ${CLUSTER_ID})`, ...one },
    ];

    second = await startTestPostgres({
      dataDir: secondServerDir(runDir),
      logFile: path.join(runDir, 'pg-fleet.log'),
      port: await findFreePort(54469),
      maxConnections: 300,
      version: major,
    });
    secondAdmin = await connect(second.url(), { application_name: 'bench-admin' });
    await secondAdmin.query('create extension if not exists pg_stat_statements');
    // The same monitoring login and password as on the bench server, so one URL shape serves both.
    const password = cluster.monitorPassword;
    await secondAdmin.query(monitorRoleSql(pg.escapeLiteral(scramVerifier(password))));
    const servers = [
      { admin: cluster.admin, url: withUrl(cluster.db.url(), { user: MONITOR_ROLE, password }), port: cluster.db.port },
      { admin: secondAdmin, url: withUrl(second.url(), { user: MONITOR_ROLE, password }), port: second.port },
    ];
    const clusters: { id: string; url: string }[] = [];
    const databases: string[] = [];
    for (let i = 1; i <= options.clusters; i++) {
      const server = servers[(i - 1) % servers.length]!;
      const database = `fleet_${String(i).padStart(2, '0')}`;
      await server.admin.query(`drop database if exists ${database}`);
      await server.admin.query(`create database ${database}`);
      clusters.push({ id: database.replace('_', '-'), url: withUrl(server.url, { database }) });
      databases.push(`${server.port}/${database}`);
    }
    const layout =
      `${Math.ceil(options.clusters / 2)} databases of PostgreSQL 18 and ${Math.floor(options.clusters / 2)} of ` +
      `PostgreSQL ${major}, one id each (each server's pg_stat_activity lists all its sessions)`;
    fleetApp = await startApp(runDir, build, cluster, clusters, '-fleet');
    const session = new Session(fleetApp.baseURL);
    await session.signIn(ADMIN_EMAIL, fleetApp.adminPassword);
    await waitForFleet(session, options.clusters);
    report.say(`fleet: ${options.clusters} clusters sampled; measuring for ${options.seconds} s`);
    const many = await measure(fleetApp, session, databases, [cluster.admin, secondAdmin], options.seconds);
    phases.push({ clusters: options.clusters, layout, ...many });
    return { options, secondServer: `PostgreSQL ${major}`, phases };
  } finally {
    await fleetApp?.stop();
    await secondAdmin?.end().catch(() => {});
    await second?.stop().catch(() => {});
    await stopPostmaster(secondServerDir(runDir));
  }
}
