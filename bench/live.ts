// Part "live" (issue 9): real backends, 1/10/50 viewers polling the GET vs subscribed to the stream, in one run:
// sample-to-viewer latency, server CPU and RSS, bytes per viewer per second, statements per second on the
// monitored cluster and on the state database.
import type pg from 'pg';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';
import { CLUSTER_ID, type Session } from './app';
import type { LoadBackends } from './backends';
import { isSessionsSql, STATE_DATABASE, statementCounts, sumCalls, type BenchCluster } from './cluster';
import { newTally, pollViewer, streamViewer, type ViewerTally } from './live-viewers';
import { groupUsage } from './process-usage';
import type { Reporter } from './report';
import { round, sleep, summarise, type Summary } from './stats';

export interface LiveOptions {
  backends: number;
  viewers: number[];
  seconds: number;
}

export interface LivePhase {
  mode: 'poll' | 'stream';
  viewers: number;
  seconds: number;
  latencyMs: Summary;
  afterQueryMs: Summary;
  cpuSecondsPerSecond: number;
  rssMiB: { max: number; end: number };
  bytesPerViewerPerSecond: number;
  sessionsQueriesPerSecond: number;
  monitoredStatementsPerSecond: number;
  stateStatementsPerSecond: number;
  stateExecMsPerSecond: number;
  failures: number;
  fullPages: number;
}

const QUERY = 'interval=1000';

/** Statements of all roles in a database so far (calls, executing time). */
async function databaseTotals(admin: pg.Client, database: string) {
  const { rows } = await admin.query<{ calls: number; ms: number }>(
    `select coalesce(sum(s.calls), 0)::float8 as calls, coalesce(sum(s.total_exec_time), 0)::float8 as ms
       from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1 and s.toplevel`,
    [database],
  );
  return rows[0]!;
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
  context: { cluster: BenchCluster; session: Session; appPid: number; backends: LoadBackends },
): Promise<LivePhase> {
  const { cluster, session, appPid, backends } = context;
  const tallies: ViewerTally[] = Array.from({ length: viewers }, newTally);
  const monitoredBefore = await monitoredTotals(cluster.admin);
  const stateBefore = await databaseTotals(cluster.admin, STATE_DATABASE);
  const usageBefore = groupUsage(appPid);
  let rssMax = usageBefore.rssBytes;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, groupUsage(appPid).rssBytes)), 500);
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
  const usageAfter = groupUsage(appPid);
  const monitoredAfter = await monitoredTotals(cluster.admin);
  const stateAfter = await databaseTotals(cluster.admin, STATE_DATABASE);
  const bytes = tallies.reduce((sum, tally) => sum + tally.bytes, 0);
  const perSecond = (value: number) => round(value / elapsedS);
  return {
    mode,
    viewers,
    seconds: round(elapsedS),
    latencyMs: summarise(tallies.flatMap((tally) => tally.latenciesMs)),
    afterQueryMs: summarise(tallies.flatMap((tally) => tally.afterQueryMs)),
    cpuSecondsPerSecond: round((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsedS),
    rssMiB: { max: round(rssMax / 2 ** 20), end: round(usageAfter.rssBytes / 2 ** 20) },
    bytesPerViewerPerSecond: Math.round(bytes / viewers / elapsedS),
    sessionsQueriesPerSecond: perSecond(monitoredAfter.sessions - monitoredBefore.sessions),
    monitoredStatementsPerSecond: perSecond(monitoredAfter.all - monitoredBefore.all),
    stateStatementsPerSecond: perSecond(stateAfter.calls - stateBefore.calls),
    stateExecMsPerSecond: perSecond(stateAfter.ms - stateBefore.ms),
    failures: tallies.reduce((sum, tally) => sum + tally.failures, 0),
    fullPages: tallies.reduce((sum, tally) => sum + tally.fullPages, 0),
  };
}

export async function benchLive(
  cluster: BenchCluster,
  session: Session,
  appPid: number,
  backends: LoadBackends,
  options: LiveOptions,
  report: Reporter,
): Promise<LivePhase[]> {
  const phases: LivePhase[] = [];
  for (const viewers of options.viewers) {
    for (const mode of ['poll', 'stream'] as const) {
      // Let the previous phase's connections close and the sampler settle.
      await sleep(2000);
      const result = await phase(mode, viewers, options, { cluster, session, appPid, backends });
      phases.push(result);
      report.say(
        `${mode} x${viewers}: latency p50 ${result.latencyMs.median} ms p95 ${result.latencyMs.p95} ms, ` +
          `cpu ${result.cpuSecondsPerSecond} s/s, rss ${result.rssMiB.max} MiB, ${result.bytesPerViewerPerSecond} B/viewer/s, ` +
          `${result.sessionsQueriesPerSecond} sessions queries/s, state db ${result.stateStatementsPerSecond}/s`,
      );
      if (result.failures) report.problem(`${result.failures} failed requests: ${mode} with ${viewers} viewers`);
    }
  }
  return phases;
}
