// Part "live" (issue 9): real backends, 1/10/50 viewers polling the GET vs subscribed to the stream, in one run:
// sample-to-viewer latency, server CPU and RSS, bytes per viewer per second, statements per second on the
// monitored cluster and on the state database, and where the server's time per sample goes.
import os from 'node:os';
import type pg from 'pg';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';
import { CLUSTER_ID, type RunningApp, type Session } from './app';
import type { LoadBackends } from './backends';
import { isSessionsSql, STATE_DATABASE, statementCounts, sumCalls, type BenchCluster } from './cluster';
import { newTally, pollViewer, streamViewer, type ViewerTally } from './live-viewers';
import { groupUsage } from './process-usage';
import type { Reporter } from './report';
import { readServerMetrics, stageMeansMs } from './server-metrics';
import { round, sleep, summarise, type Summary } from './stats';

export interface LiveOptions {
  backends: number;
  viewers: number[];
  seconds: number;
  /** Also time the table in Chromium with the real rows (bench/live-render.ts). */
  browser: boolean;
}

export interface StateStatement {
  query: string;
  perSecond: number;
}

export interface LivePhase {
  mode: 'poll' | 'stream';
  viewers: number;
  seconds: number;
  /** From taken_at (the monitored cluster's now() as the sessions query starts) to a viewer holding the snapshot. */
  latencyMs: Summary;
  /** The same minus snapshot.sampleMs (pool checkout, query, rows mapped): at most the time after the rows. */
  afterQueryMs: Summary;
  /** Server-side mean per sample: query (sent -> rows parsed), rows (-> session rows), encode (views), deliver. */
  stageMs: Record<string, number>;
  samplesPerSecond: number;
  cpuSecondsPerSecond: number;
  /** The bench's own process (the simulated viewers), which shares the machine with the server. */
  benchCpuSecondsPerSecond: number;
  rssMiB: { max: number; end: number };
  heapMiB: { used: number; total: number; external: number };
  bytesPerViewerPerSecond: number;
  sessionsQueriesPerSecond: number;
  monitoredStatementsPerSecond: number;
  stateStatementsPerSecond: number;
  stateExecMsPerSecond: number;
  /** The state database's statements in the phase, most frequent first. */
  stateStatements: StateStatement[];
  loadAverage: { start: number; end: number };
  failures: number;
  fullPages: number;
}

const QUERY = 'interval=1000';

/** Statements of all roles in a database so far, by queryid (calls, executing time, text). */
async function databaseStatements(admin: pg.Client, database: string) {
  const { rows } = await admin.query<{ queryid: string; query: string; calls: number; ms: number }>(
    `select s.queryid::text as queryid, s.query, s.calls::float8 as calls, s.total_exec_time as ms
       from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1 and s.toplevel`,
    [database],
  );
  return new Map(rows.map((row) => [row.queryid, row]));
}

type Statements = Awaited<ReturnType<typeof databaseStatements>>;

function statementsBetween(before: Statements, after: Statements, seconds: number) {
  let calls = 0;
  let ms = 0;
  const each: StateStatement[] = [];
  for (const [id, row] of after) {
    const delta = row.calls - (before.get(id)?.calls ?? 0);
    if (delta <= 0) continue;
    calls += delta;
    ms += row.ms - (before.get(id)?.ms ?? 0);
    each.push({ query: row.query.replace(/\s+/g, ' ').trim().slice(0, 60), perSecond: round(delta / seconds) });
  }
  each.sort((a, b) => b.perSecond - a.perSecond);
  return { perSecond: round(calls / seconds), execMsPerSecond: round(ms / seconds), each };
}

async function monitoredTotals(admin: pg.Client) {
  const counts = [...(await statementCounts(admin, MONITOR_ROLE, 'postgres')).values()];
  return { all: sumCalls(counts), sessions: sumCalls(counts.filter((row) => isSessionsSql(row.query))) };
}

/** Some idle backends run a short statement every second, so snapshots differ the way a busy cluster's do. */
function churn(backends: LoadBackends, perSecond: number, until: number): Promise<void> {
  return (async () => {
    let next = 0;
    while (performance.now() < until) {
      const batch = backends.idle.slice(next, next + perSecond);
      next = (next + perSecond) % Math.max(1, backends.idle.length);
      await Promise.all(batch.map((client) => client.query('select pg_sleep(0.05) /* churn */').catch(() => {})));
      await sleep(1000);
    }
  })();
}

async function phase(
  mode: 'poll' | 'stream',
  viewers: number,
  options: LiveOptions,
  context: { cluster: BenchCluster; session: Session; app: RunningApp; backends: LoadBackends },
): Promise<LivePhase> {
  const { cluster, session, app, backends } = context;
  const tallies: ViewerTally[] = Array.from({ length: viewers }, newTally);
  const monitoredBefore = await monitoredTotals(cluster.admin);
  const stateBefore = await databaseStatements(cluster.admin, STATE_DATABASE);
  const serverBefore = await readServerMetrics(app.baseURL, app.metricsToken);
  const usageBefore = groupUsage(app.pid);
  const benchBefore = process.cpuUsage();
  const loadStart = os.loadavg()[0]!;
  let rssMax = usageBefore.rssBytes;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, groupUsage(app.pid).rssBytes)), 500);
  await Promise.all([
    churn(backends, 20, end),
    ...tallies.map((tally, index) =>
      mode === 'poll'
        ? pollViewer(session, `/api/clusters/${CLUSTER_ID}/sessions?${QUERY}`, (index * 1000) / viewers, end, tally)
        : streamViewer(session, QUERY, end, tally),
    ),
  ]);
  clearInterval(rssTimer);
  const elapsedS = (performance.now() - start) / 1000;
  const usageAfter = groupUsage(app.pid);
  const bench = process.cpuUsage(benchBefore);
  const loadEnd = os.loadavg()[0]!;
  const serverAfter = await readServerMetrics(app.baseURL, app.metricsToken);
  const monitoredAfter = await monitoredTotals(cluster.admin);
  const state = statementsBetween(stateBefore, await databaseStatements(cluster.admin, STATE_DATABASE), elapsedS);
  const bytes = tallies.reduce((sum, tally) => sum + tally.bytes, 0);
  const perSecond = (value: number) => round(value / elapsedS);
  const mib = (bytes: number) => round(bytes / 2 ** 20);
  return {
    mode,
    viewers,
    seconds: round(elapsedS),
    latencyMs: summarise(tallies.flatMap((tally) => tally.latenciesMs)),
    afterQueryMs: summarise(tallies.flatMap((tally) => tally.afterQueryMs)),
    stageMs: Object.fromEntries(Object.entries(stageMeansMs(serverBefore, serverAfter)).map(([k, v]) => [k, round(v)])),
    samplesPerSecond: perSecond(serverAfter.samples - serverBefore.samples),
    cpuSecondsPerSecond: round((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsedS),
    benchCpuSecondsPerSecond: round((bench.user + bench.system) / 1e6 / elapsedS),
    rssMiB: { max: mib(rssMax), end: mib(usageAfter.rssBytes) },
    heapMiB: {
      used: mib(serverAfter.heapUsedBytes),
      total: mib(serverAfter.heapTotalBytes),
      external: mib(serverAfter.externalBytes),
    },
    bytesPerViewerPerSecond: Math.round(bytes / viewers / elapsedS),
    sessionsQueriesPerSecond: perSecond(monitoredAfter.sessions - monitoredBefore.sessions),
    monitoredStatementsPerSecond: perSecond(monitoredAfter.all - monitoredBefore.all),
    stateStatementsPerSecond: state.perSecond,
    stateExecMsPerSecond: state.execMsPerSecond,
    stateStatements: state.each.slice(0, 4),
    loadAverage: { start: round(loadStart), end: round(loadEnd) },
    failures: tallies.reduce((sum, tally) => sum + tally.failures, 0),
    fullPages: tallies.reduce((sum, tally) => sum + tally.fullPages, 0),
  };
}

export async function benchLive(
  cluster: BenchCluster,
  session: Session,
  app: RunningApp,
  backends: LoadBackends,
  options: LiveOptions,
  report: Reporter,
): Promise<LivePhase[]> {
  const phases: LivePhase[] = [];
  for (const viewers of options.viewers) {
    for (const mode of ['poll', 'stream'] as const) {
      // Let the previous phase's connections close and the sampler settle.
      await sleep(2000);
      const result = await phase(mode, viewers, options, { cluster, session, app, backends });
      phases.push(result);
      report.say(
        `${mode} x${viewers}: latency p50 ${result.latencyMs.median} ms p95 ${result.latencyMs.p95} ms, ` +
          `cpu ${result.cpuSecondsPerSecond} s/s, rss ${result.rssMiB.max} MiB, ${result.bytesPerViewerPerSecond} B/viewer/s, ` +
          `${result.sessionsQueriesPerSecond} sessions queries/s, state db ${result.stateStatementsPerSecond}/s, ` +
          `stages ${JSON.stringify(result.stageMs)}, load ${result.loadAverage.start}-${result.loadAverage.end}`,
      );
      if (result.failures) report.problem(`${result.failures} failed requests: ${mode} with ${viewers} viewers`);
    }
  }
  return phases;
}
