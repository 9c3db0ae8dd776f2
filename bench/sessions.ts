// Part 1 (issue 2): the sessions SQL in psql vs node-postgres, the browser-facing GET, and the query rate per viewer count.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { buildActivitySql, toSessionRow, type ActivityRecord } from '@/lib/sessions/activity-sql';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { createClusterPool } from '@/lib/pg/pools';
import { probeServer } from '@/lib/pg/server-info';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';
import { CLUSTER_ID, type Session } from './app';
import { sessionsSqlCalls, type BenchCluster } from './cluster';
import type { Reporter } from './report';
import { median, round, sleep, summarise, type Summary } from './stats';

export const SESSIONS_PATH = `/api/clusters/${CLUSTER_ID}/sessions?interval=1000`;
const BLOCKS = 10;
const PER_BLOCK = 2;

export interface SessionsResults {
  rowsReturned: number;
  psqlMs: Summary;
  psqlSelect1Ms: Summary;
  nodeMs: Summary;
  nodeSelect1Ms: Summary;
  nodeMapRowsMs: Summary;
  ratioNodeToPsql: number;
  get: Summary & { bytes: number; rows: number; serverSampleMsMedian: number };
  viewers: ViewerPhase[];
}

export interface ViewerPhase {
  viewers: number;
  elapsedS: number;
  sessionsSqlCalls: number;
  queriesPerSecond: number;
  distinctSnapshotsSeen: number;
  polls: number;
  failedPolls: number;
  skippedTicks: number;
  latencyMs: Summary;
}

/** Runs psql once: `runs` executions of each statement, returning psql's own \timing figures per statement. */
async function psqlTimings(
  cluster: BenchCluster,
  file: string,
  statements: string[],
  runs: number,
): Promise<number[][]> {
  const script = [
    '\\timing on',
    '\\o /dev/null',
    ...Array.from({ length: runs }, () => statements.map((s) => `${s};`)).flat(),
  ].join('\n');
  writeFileSync(file, `${script}\n`);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      'psql',
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        '127.0.0.1',
        '-p',
        String(cluster.db.port),
        '-U',
        MONITOR_ROLE,
        '-d',
        'postgres',
        '-f',
        file,
      ],
      {
        env: { ...process.env, PGPASSWORD: cluster.monitorPassword, PGAPPNAME: 'bench-psql' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`psql exited ${code}: ${err.trim()}`))));
  });
  const times = [...output.matchAll(/^Time: ([\d.]+) ms/gm)].map((match) => Number(match[1]));
  if (times.length !== runs * statements.length)
    throw new Error(`psql printed ${times.length} timings, expected ${runs * statements.length}`);
  return statements.map((_, index) => times.filter((__, at) => at % statements.length === index));
}

async function nodeTimings(pool: pg.Pool, sql: string, runs: number) {
  const query: number[] = [];
  const select1: number[] = [];
  const mapping: number[] = [];
  let rows = 0;
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const result = await pool.query<ActivityRecord>(sql, [null]); // $1: the state database's role; the bench has none
    query.push(performance.now() - started);
    started = performance.now();
    rows = result.rows.map((row) => toSessionRow(row, parseDbTimestamp(row.taken_at))).length;
    mapping.push(performance.now() - started);
    started = performance.now();
    await pool.query('select 1');
    select1.push(performance.now() - started);
  }
  return { query, select1, mapping, rows };
}

/** (a) + (b): the same SQL through psql and through the sampler's pool, in alternating blocks so both share the noise. */
async function rawVersusNode(cluster: BenchCluster, runDir: string, report: Reporter) {
  const pool = createClusterPool({ url: cluster.monitorUrl, statementTimeoutMs: 5000 });
  try {
    const sql = buildActivitySql((await probeServer(pool)).activityColumns);
    if (sql.split('$1').length !== 2) throw new Error('the sessions SQL no longer has exactly one $1 parameter');
    const literalSql = sql.replace('$1', 'null');
    const psql: number[] = [];
    const psqlSelect1: number[] = [];
    const node: number[] = [];
    const nodeSelect1: number[] = [];
    const mapping: number[] = [];
    let rows = 0;
    for (let block = 0; block < BLOCKS; block++) {
      // One untimed warm-up run each (connection start, catalog caches), then PER_BLOCK timed runs.
      const [activity, select1] = await psqlTimings(
        cluster,
        path.join(runDir, 'sessions.sql'),
        [literalSql, 'select 1'],
        PER_BLOCK + 1,
      );
      psql.push(...activity!.slice(1));
      psqlSelect1.push(...select1!.slice(1));
      const timed = await nodeTimings(pool, sql, PER_BLOCK + 1);
      node.push(...timed.query.slice(1));
      nodeSelect1.push(...timed.select1.slice(1));
      mapping.push(...timed.mapping.slice(1));
      rows = timed.rows;
    }
    report.say(
      `sessions SQL: psql median ${round(median(psql))} ms, node-postgres median ${round(median(node))} ms (${rows} rows)`,
    );
    return { psql, psqlSelect1, node, nodeSelect1, mapping, rows };
  } finally {
    await pool.end();
  }
}

interface SessionsBody {
  ok: boolean;
  data?: { rows: unknown[]; snapshot: { takenAt: string | null; sampleMs: number | null } };
}

/** (c): the browser-facing GET, one request at a time. */
async function timeGet(session: Session, runs: number) {
  const times: number[] = [];
  const sampleMs = new Map<string, number>();
  let bytes = 0;
  let rows = 0;
  for (let run = -3; run < runs; run++) {
    const started = performance.now();
    const response = await session.fetch(SESSIONS_PATH);
    const text = await response.text();
    const elapsed = performance.now() - started;
    const body = JSON.parse(text) as SessionsBody;
    if (!response.ok || !body.ok || !body.data)
      throw new Error(`GET ${SESSIONS_PATH} failed: HTTP ${response.status} ${text.slice(0, 200)}`);
    if (run < 0) continue;
    times.push(elapsed);
    bytes = text.length;
    rows = body.data.rows.length;
    const { takenAt, sampleMs: took } = body.data.snapshot;
    if (takenAt && took !== null) sampleMs.set(takenAt, took);
  }
  return { ...summarise(times), bytes, rows, serverSampleMsMedian: round(median([...sampleMs.values()])) };
}

/** (d): `count` viewers each polling every second, spread evenly over the second, as browsers would. */
async function viewerPhase(
  cluster: BenchCluster,
  session: Session,
  count: number,
  durationMs: number,
): Promise<ViewerPhase> {
  const latencies: number[] = [];
  const snapshots = new Set<string>();
  let failed = 0;
  let skipped = 0;
  const callsBefore = await sessionsSqlCalls(cluster.admin);
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: count }, async (_, viewer) => {
      let tick = start + (viewer * 1000) / count;
      await sleep(tick - performance.now());
      while (tick < end) {
        const started = performance.now();
        try {
          const response = await session.fetch(SESSIONS_PATH);
          // Not parsed: 50 viewers' JSON.parse would take CPU from the server measured on the same machine.
          const text = await response.text();
          const takenAt = /"takenAt":"([^"]+)"/.exec(text)?.[1];
          if (!response.ok || !text.startsWith('{"ok":true')) failed++;
          else if (takenAt) snapshots.add(takenAt);
        } catch {
          failed++;
        }
        latencies.push(performance.now() - started);
        // Like react-query's refetchInterval: a tick that comes while a request is still out is skipped.
        tick += 1000;
        while (tick < performance.now()) {
          tick += 1000;
          skipped++;
        }
        if (tick < end) await sleep(tick - performance.now());
      }
    }),
  );
  const callsAfter = await sessionsSqlCalls(cluster.admin);
  const elapsedS = (performance.now() - start) / 1000;
  const calls = callsAfter - callsBefore;
  return {
    viewers: count,
    elapsedS: round(elapsedS),
    sessionsSqlCalls: calls,
    queriesPerSecond: round(calls / elapsedS),
    distinctSnapshotsSeen: snapshots.size,
    polls: latencies.length,
    failedPolls: failed,
    skippedTicks: skipped,
    latencyMs: summarise(latencies),
  };
}

export async function benchSessions(
  cluster: BenchCluster,
  session: Session,
  runDir: string,
  report: Reporter,
): Promise<SessionsResults> {
  const raw = await rawVersusNode(cluster, runDir, report);
  const get = await timeGet(session, 20);
  report.say(
    `GET ${SESSIONS_PATH}: median ${get.median} ms, p95 ${get.p95} ms, ${get.rows} rows, ${Math.round(get.bytes / 1024)} KiB`,
  );
  const viewers: ViewerPhase[] = [];
  for (const count of [1, 10, 50]) {
    const phase = await viewerPhase(cluster, session, count, 10_000);
    viewers.push(phase);
    report.say(
      `${count} viewer(s): ${phase.sessionsSqlCalls} sessions queries in ${phase.elapsedS} s (${phase.queriesPerSecond}/s), ` +
        `p50 ${phase.latencyMs.median} ms, p95 ${phase.latencyMs.p95} ms, ${phase.failedPolls} failed of ${phase.polls}`,
    );
    if (phase.failedPolls > 0)
      report.problem(`${phase.failedPolls} of ${phase.polls} polls failed with ${count} viewers`);
  }
  return {
    rowsReturned: raw.rows,
    psqlMs: summarise(raw.psql),
    psqlSelect1Ms: summarise(raw.psqlSelect1),
    nodeMs: summarise(raw.node),
    nodeSelect1Ms: summarise(raw.nodeSelect1),
    nodeMapRowsMs: summarise(raw.mapping),
    ratioNodeToPsql: round(median(raw.node) / median(raw.psql)),
    get,
    viewers,
  };
}
