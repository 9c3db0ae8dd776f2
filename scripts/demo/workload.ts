// The demo's traffic: the kinds of sessions an on-call engineer meets in pg_stat_activity — long reports, sessions
// left idle in a transaction, a lock pile-up on one inventory row, and a stream of short queries from an app pool.
// Every session that ends (finished, cancelled or terminated from the console) is recreated after a few seconds.
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { sessionSpecs, type DemoSessionKind, type SessionContext, type SessionSpec } from './long-sessions';
import { raceAbort } from './race-abort';
import { randomInt } from './random';
import { startShortQueryStream } from './short-queries';
import type { DemoRole } from './shop';
import { backendPid, trackConnections, type WorkloadCluster } from './workload-connections';

export interface DemoSessionInfo {
  name: string;
  kind: DemoSessionKind;
  role: DemoRole;
  applicationName: string;
  /** Backend pid of the current connection; undefined between two connections. */
  pid: number | undefined;
}

export interface DemoWorkload {
  /** The long-lived sessions as they are now (the short-query stream is not listed). */
  sessions(): DemoSessionInfo[];
  /** Ends every client (in-flight queries included) and stops recreating them. Idempotent. */
  stop(): Promise<void>;
}

export interface DemoWorkloadOptions {
  /** Notes on sessions that ended and are being recreated (default: none). */
  log?: (line: string) => void;
  /** When the second long-running query starts after the first (default 20 000 ms). */
  secondLongQueryDelayMs?: number;
  /** A session that ended is recreated after a random delay in this range (default [3000, 6000] ms). */
  restartDelayMs?: [number, number];
  /** Average rate of the short-query stream (default 3 per second; 0 turns it off). */
  shortQueriesPerSecond?: number;
  /** false: only the short-query stream, no long sessions (the demo's calm cluster). Default true. */
  incident?: boolean;
}

const pidOf = (client: pg.Client | undefined) => (client ? backendPid(client) : undefined);

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === '57014') return 'its query was cancelled';
  if (e.code === '57P01') return 'it was terminated';
  return e.message ?? String(error);
}

class StoppedError extends Error {
  constructor() {
    super('workload stopped');
  }
}

/**
 * Starts the demo traffic against the cluster's "shop" database. The returned stop() ends every client; the workload
 * never throws for a session that fails (it logs and recreates it).
 */
export function startDemoWorkload(cluster: WorkloadCluster, options: DemoWorkloadOptions = {}): DemoWorkload {
  const log = options.log ?? (() => {});
  const [restartMin, restartMax] = options.restartDelayMs ?? [3000, 6000];
  const stopController = new AbortController();
  const stopSignal = stopController.signal;
  const connections = trackConnections(cluster);
  const current = new Map<SessionSpec, pg.Client>();

  async function runSession(spec: SessionSpec): Promise<void> {
    const client = connections.newClient(spec.role, spec.applicationName);
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, stopSignal]);
    client.on('error', (error) => lost.abort(error));
    client.on('end', () => lost.abort(new Error('the connection was closed')));
    const context: SessionContext = {
      query: (text, values) => raceAbort(client.query(text, values), signal),
      hold: (ms) => delay(ms, undefined, { signal }).catch(() => Promise.reject(signal.reason as Error)),
    };
    try {
      await raceAbort(client.connect(), signal);
      connections.addPid(client);
      current.set(spec, client);
      await spec.run(context);
    } finally {
      current.delete(spec);
      await connections.endClient(client);
    }
  }

  async function keepAlive(spec: SessionSpec): Promise<void> {
    try {
      await delay(spec.startDelayMs, undefined, { signal: stopSignal });
    } catch {
      return;
    }
    while (!stopSignal.aborted) {
      let ended = 'it finished';
      try {
        await runSession(spec);
      } catch (error) {
        ended = describeError(error);
      }
      if (stopSignal.aborted) return;
      const wait = randomInt(restartMin, restartMax);
      log(
        `${spec.applicationName} (${spec.role}) ${spec.name}: ${ended}; reconnecting in ${Math.round(wait / 1000)} s`,
      );
      try {
        await delay(wait, undefined, { signal: stopSignal });
      } catch {
        return;
      }
    }
  }

  const specs = options.incident === false ? [] : sessionSpecs(options.secondLongQueryDelayMs ?? 20_000);
  const loops = specs.map((spec) => keepAlive(spec));
  const shortQueries = startShortQueryStream(cluster, connections, stopSignal, options.shortQueriesPerSecond ?? 3);

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    stopController.abort(new StoppedError());
    shortQueries.stopScheduling();
    await Promise.race([Promise.allSettled([...loops, ...shortQueries.running()]), delay(8000)]);
    await connections.endClients();
    await Promise.race([shortQueries.endPools(), delay(5000)]);
    await connections.terminateLeftovers().catch(() => {});
  };

  return {
    sessions: () =>
      specs.map((spec) => ({
        name: spec.name,
        kind: spec.kind,
        role: spec.role,
        applicationName: spec.applicationName,
        pid: pidOf(current.get(spec)),
      })),
    stop: () => (stopping ??= stop()),
  };
}
