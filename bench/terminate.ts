// Part 3 (issue 4): 1,000 idle backends terminated through the server action, against 1,000 single-pid calls.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SessionRow } from '@/lib/types/session';
import type { SignalInput } from '@/lib/types/signal';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';
import { connect } from '../test/pg-helpers';
import { CLUSTER_ID, type Session } from './app';
import { openBackends, waitUntilGone, type LoadBackends } from './backends';
import {
  isSessionsSql,
  statementCounts,
  statementDelta,
  STATE_DATABASE,
  sumCalls,
  type BenchCluster,
  type StatementCount,
} from './cluster';
import type { Reporter } from './report';
import { SESSIONS_PATH } from './sessions';
import { round, sleep } from './stats';

const TARGETS = 1000;
/** What the dialog sends by default: wait up to 5 s for the backends to exit. */
export const TIMEOUT_MS = 5000;

export interface TerminateResults {
  action: {
    targets: number;
    totalMs: number;
    httpStatus: number;
    outcomes: Record<string, number>;
    /** Statements pgwarden's role ran on the monitored cluster during the request, minus the sampler's sessions SQL. */
    clusterRoundTrips: number;
    /** Server-side execution time of those statements (pg_stat_statements total_exec_time). */
    clusterExecMs: number;
    /** Sessions SQL runs in the same window (the sampler, including its refresh right after the signal). */
    samplerQueries: number;
    /** Statements on pgwarden's state database (audit log, history) in the same window. */
    stateDbStatements: number;
    statements: StatementCount[];
    allGone: boolean;
  };
  loop: {
    targets: number;
    signalMs: number;
    untilGoneMs: number;
    statements: number;
    execMs: number;
  };
}

/** The build's id for signalSessionsAction (ids change with every build). */
export function signalActionId(appDir: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(appDir, '.next', 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === 'signalSessionsAction' && entry.filename?.includes('sessions/actions'),
  );
  if (!found)
    throw new Error('signalSessionsAction is not in .next/server/server-reference-manifest.json; rebuild the app');
  return found[0];
}

/** The action's return value from the RSC (flight) response: the row that holds `{ ok, ... }`. */
export function actionResult(
  flight: string,
): { ok: boolean; data?: { results: { outcome: string }[] }; message?: string } | null {
  for (const line of flight.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    try {
      const value = JSON.parse(line.slice(colon + 1)) as unknown;
      if (value && typeof value === 'object' && 'ok' in value) return value as ReturnType<typeof actionResult>;
    } catch {
      // not a JSON row (a text or module chunk)
    }
  }
  return null;
}

/** The targets as the UI would send them: pid and backend_start from the sessions GET, once all are listed. */
async function targetsFromGet(session: Session, pids: number[]): Promise<{ pid: number; backendStart: string }[]> {
  const wanted = new Set(pids);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await session.fetch(SESSIONS_PATH);
    const body = (await response.json()) as { ok: boolean; data?: { rows: SessionRow[] } };
    const rows = body.data?.rows.filter((row) => wanted.has(row.pid) && row.backendStart) ?? [];
    if (rows.length === wanted.size) return rows.map((row) => ({ pid: row.pid, backendStart: row.backendStart! }));
    if (Date.now() > deadline)
      throw new Error(`the sessions GET lists ${rows.length} of the ${wanted.size} new backends after 30 s`);
    await sleep(250);
  }
}

async function viaAction(
  cluster: BenchCluster,
  session: Session,
  appDir: string,
  report: Reporter,
): Promise<TerminateResults['action']> {
  let backends: LoadBackends | undefined;
  try {
    backends = await openBackends(cluster, { idle: TARGETS, idleInTransaction: 0, sleeping: 0, lockWaiters: 0 });
    const targets = await targetsFromGet(session, backends.pids);
    const input: SignalInput = {
      clusterId: CLUSTER_ID,
      action: 'terminate',
      targets,
      timeoutMs: TIMEOUT_MS,
      confirmation: String(targets.length),
    };
    const actionId = signalActionId(appDir);
    const clusterBefore = await statementCounts(cluster.admin, MONITOR_ROLE, 'postgres');
    const stateBefore = await statementCounts(cluster.admin, cluster.db.superuser, STATE_DATABASE);
    const started = performance.now();
    const response = await session.fetch(`/clusters/${CLUSTER_ID}/sessions`, {
      method: 'POST',
      headers: {
        'Next-Action': actionId,
        'Content-Type': 'text/plain;charset=UTF-8',
        Accept: 'text/x-component',
        Origin: session.baseURL,
      },
      body: JSON.stringify([input]),
    });
    const flight = await response.text();
    const totalMs = performance.now() - started;
    const clusterDelta = statementDelta(clusterBefore, await statementCounts(cluster.admin, MONITOR_ROLE, 'postgres'));
    const stateDelta = statementDelta(
      stateBefore,
      await statementCounts(cluster.admin, cluster.db.superuser, STATE_DATABASE),
    );

    const result = actionResult(flight);
    const outcomes: Record<string, number> = {};
    for (const target of result?.data?.results ?? []) outcomes[target.outcome] = (outcomes[target.outcome] ?? 0) + 1;
    if (!response.ok || !result?.ok)
      report.problem(`the terminate action failed: HTTP ${response.status} ${result?.message ?? flight.slice(0, 300)}`);
    else if (outcomes.terminated !== targets.length)
      report.problem(`terminate action outcomes: ${JSON.stringify(outcomes)}`);
    let allGone = true;
    await waitUntilGone(cluster, backends.pids, 10_000).catch(() => (allGone = false));
    if (!allGone) report.problem('backends still there 10 s after the terminate action');
    const sampler = clusterDelta.filter((row) => isSessionsSql(row.query));
    const signalPath = clusterDelta.filter((row) => !isSessionsSql(row.query));
    report.say(
      `action: ${targets.length} targets in ${Math.round(totalMs)} ms, ${sumCalls(signalPath)} statements, outcomes ${JSON.stringify(outcomes)}`,
    );
    return {
      targets: targets.length,
      totalMs: round(totalMs),
      httpStatus: response.status,
      outcomes,
      clusterRoundTrips: sumCalls(signalPath),
      clusterExecMs: round(signalPath.reduce((sum, row) => sum + row.execMs, 0)),
      samplerQueries: sumCalls(sampler),
      stateDbStatements: sumCalls(stateDelta),
      statements: [
        ...signalPath,
        ...sampler,
        ...stateDelta.map((row) => ({ ...row, query: `[state db] ${row.query}` })),
      ].map((row) => ({
        ...row,
        query: row.query.replace(/\s+/g, ' ').slice(0, 160),
      })),
      allGone,
    };
  } finally {
    await backends?.close();
  }
}

async function viaLoop(cluster: BenchCluster, report: Reporter): Promise<TerminateResults['loop']> {
  let backends: LoadBackends | undefined;
  const client = await connect(cluster.monitorUrl, { application_name: 'bench-terminate-loop' });
  try {
    backends = await openBackends(cluster, { idle: TARGETS, idleInTransaction: 0, sleeping: 0, lockWaiters: 0 });
    const before = await statementCounts(cluster.admin, MONITOR_ROLE, 'postgres');
    const started = performance.now();
    let refused = 0;
    for (const pid of backends.pids) {
      const { rows } = await client.query<{ sent: boolean }>('select pg_terminate_backend($1) as sent', [pid]);
      if (!rows[0]?.sent) refused++;
    }
    const signalMs = performance.now() - started;
    await waitUntilGone(cluster, backends.pids, 10_000);
    const untilGoneMs = performance.now() - started;
    const delta = statementDelta(before, await statementCounts(cluster.admin, MONITOR_ROLE, 'postgres'));
    const loopRows = delta.filter((row) => row.query.includes('pg_terminate_backend($1)'));
    const statements = sumCalls(loopRows);
    if (refused) report.problem(`pg_terminate_backend returned false for ${refused} of ${backends.pids.length} pids`);
    report.say(
      `loop: ${backends.pids.length} single calls in ${Math.round(signalMs)} ms, all gone after ${Math.round(untilGoneMs)} ms`,
    );
    const execMs = round(loopRows.reduce((sum, row) => sum + row.execMs, 0));
    return {
      targets: backends.pids.length,
      signalMs: round(signalMs),
      untilGoneMs: round(untilGoneMs),
      statements,
      execMs,
    };
  } finally {
    await client.end().catch(() => {});
    await backends?.close();
  }
}

export async function benchTerminate(
  cluster: BenchCluster,
  session: Session,
  appDir: string,
  report: Reporter,
): Promise<TerminateResults> {
  const action = await viaAction(cluster, session, appDir, report);
  const loop = await viaLoop(cluster, report);
  return { action, loop };
}
