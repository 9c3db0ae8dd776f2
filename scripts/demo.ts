// `npm run demo`: pgwarden watching a small fleet of real PostgreSQL servers with realistic traffic, in one command.
//
//   1. starts an embedded PostgreSQL 18 with its data under .pgwarden/demo/ (port 54329 or the next free one), and a
//      second server of another major (17, else 16 or 14; scripts/demo/calm-version.ts) on port 54429 (or the next
//      free one), and prepares on each pgwarden's monitoring role, a state database and a demo "shop" database
//      (scripts/demo/cluster.ts);
//   2. starts the webhook receiver (scripts/demo/webhook-receiver.ts), which prints each delivery here;
//   3. writes .pgwarden/demo/pgwarden.config.json (mode 0600): the clusters `demo` (18, the incident), `billing` (calm)
//      and `reporting` (a port nothing listens on: shown as unreachable), the receiver, and three local logins whose
//      passwords are new on every start (admin@demo.local, operator@demo.local, viewer@demo.local);
//   4. starts the demo traffic (scripts/demo/workload.ts): the incident on `demo`, short queries only on `billing`;
//   5. runs `next build` when .next/BUILD_ID is missing or older than any file of app/, lib/, components/, public/ or
//      the build configuration (PGWARDEN_DEMO_REBUILD=1 forces it), then `next start` on port 3000 or the next free one;
//   6. prints the fleet overview's URL and the logins, and runs until Ctrl-C (SIGINT) or SIGTERM, which stop the
//      console, the traffic, both PostgreSQL servers and the receiver.
//
// Environment:
//   PGWARDEN_DEMO_SKIP_APP=1      only PostgreSQL and the traffic (no build, no console): for tests and benchmarks
//   PGWARDEN_DEMO_REBUILD=1       always run `next build`
//   PGWARDEN_DEMO_DIR             where the demo keeps its files (default .pgwarden/demo)
//   PGWARDEN_DEMO_HOST            address the console listens on (default 127.0.0.1)
//   PGWARDEN_DEMO_PORT            preferred console port (default 3000)
//   PGWARDEN_DEMO_PG_PORT         preferred PostgreSQL port (default 54329; never 5432)
//   PGWARDEN_DEMO_LOGINS_FILE     also write the URL and logins as JSON (mode 0600) to this file, for scripted use
//
// Stopping it from a script: signal the demo's node process or its whole process group (kill -INT -- -PGID), as a
// terminal's Ctrl-C does. Signalling only the `npm run demo` process is not enough: npm passes the signal to the
// `sh -c` it runs the script with, and sh does not pass it on.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoCluster } from './demo/cluster';
import { createDemoConfig } from './demo/config';
import { buildConsole, DemoError } from './demo/console-build';
import { claimDemoDir, stopLeftoverConsole } from './demo/earlier-run';
import { consoleEnv, type ConsoleStep } from './demo/next-process';
import { demoPaths, shownPath } from './demo/paths';
import { writePrivateFile } from './demo/private-file';
import { createDemoOperatorToken } from './demo/operator-token';
import { printReadyBanner } from './demo/ready-banner';
import { handleShutdown, importWithoutExitHooks, type StartedParts } from './demo/shutdown';
import { postmasterPid } from './postmaster';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const env = process.env;
  const paths = demoPaths(ROOT, env);
  // A closed terminal or pipe (EPIPE) must not keep the demo from stopping what it started.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const say = (line: string) => {
    try {
      process.stdout.write(`${line}\n`);
    } catch {
      // nowhere to write
    }
  };

  claimDemoDir(paths);
  await stopLeftoverConsole(paths.nextPidFile, ROOT, say);

  const { startDemoCluster, startDemoWorkload, startConsole, calmClusterVersion, startDemoReceiver, findFreePort } =
    await importWithoutExitHooks(async () => ({
      ...(await import('./demo/cluster')),
      ...(await import('./demo/workload')),
      ...(await import('./demo/console-start')),
      ...(await import('./demo/calm-version')),
      ...(await import('./demo/webhook-receiver')),
      findFreePort: (await import('./embedded-postgres')).findFreePort,
    }));

  const parts: StartedParts = { startup: Promise.resolve() };
  const { shutdown, stopped } = handleShutdown(parts, say, [paths.pidFile, paths.nextPidFile]);

  parts.startup = (async () => {
    say('Starting the pgwarden demo');
    const pgLog = createWriteStream(paths.postgresLog, { flags: 'a' });
    const calmLog = createWriteStream(paths.calmPostgresLog, { flags: 'a' });
    const pgPort = Number(env.PGWARDEN_DEMO_PG_PORT ?? 54329);
    const calm = calmClusterVersion();
    if (calm.note) say(`  note: ${calm.note}`);
    const calmDataDir = paths.calmDataDir(calm.version);
    // Both servers at once (initdb takes a few seconds each); each is stopped by the shutdown as soon as it runs.
    const servers = await Promise.allSettled([
      startDemoCluster({ dataDir: paths.dataDir, port: pgPort, log: (line) => pgLog.write(line) }).then((started) => {
        parts.cluster = started;
        parts.postmaster = postmasterPid(paths.dataDir);
        return started;
      }),
      startDemoCluster({
        dataDir: calmDataDir,
        port: pgPort + 100,
        version: calm.version,
        log: (line) => calmLog.write(line),
      }).then((started) => {
        parts.calmCluster = started;
        parts.calmPostmaster = postmasterPid(calmDataDir);
        return started;
      }),
    ]);
    // allSettled, not all: when one fails, the other is still recorded in `parts` (and stopped) before start-up fails.
    const failed = servers.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const [cluster, calmCluster] = servers.map((result) => (result as PromiseFulfilledResult<DemoCluster>).value) as [
      DemoCluster,
      DemoCluster,
    ];
    say(
      `  PostgreSQL 18     127.0.0.1:${cluster.port}  (data ${shownPath(paths.dataDir)}, log ${shownPath(paths.postgresLog)})`,
    );
    say(
      `  PostgreSQL ${String(calm.version).padEnd(6)} 127.0.0.1:${calmCluster.port}  (data ${shownPath(calmDataDir)}, log ${shownPath(paths.calmPostgresLog)})`,
    );
    // Free now, and nothing of the demo listens there: the overview shows this cluster as unreachable.
    const stoppedPort = await findFreePort(pgPort + 20);
    if (stopped()) return;

    const receiver = await startDemoReceiver(say);
    parts.receiver = receiver;
    say(`  webhooks          ${receiver.url}  (each delivery prints a [webhook] line here)`);

    const { config, logins } = await createDemoConfig({
      monitorUrl: cluster.monitorUrl,
      stateUrl: cluster.stateUrl,
      calm: { monitorUrl: calmCluster.monitorUrl, version: calm.version },
      stoppedUrl: `postgres://pgwarden_monitor:stopped@127.0.0.1:${stoppedPort}/postgres`,
      receiver,
    });
    writePrivateFile(paths.configFile, `${JSON.stringify(config, null, 2)}\n`);
    say(`  config            ${shownPath(paths.configFile)}  (mode 0600)`);
    const operatorToken = await createDemoOperatorToken(cluster.stateUrl, 'demo', ROOT);
    if (stopped()) return;

    parts.workload = startDemoWorkload(cluster, { log: (line) => say(`  [workload] ${line}`) });
    parts.calmWorkload = startDemoWorkload(calmCluster, { incident: false, shortQueriesPerSecond: 2 });
    say('  workload  demo    long reports, idle transactions, a lock pile-up on inventory #42, short queries');
    say('            billing short queries only (calm)');
    say(`            reporting (127.0.0.1:${stoppedPort}) nothing runs there: it shows as unreachable`);

    let url: string | undefined;
    if (env.PGWARDEN_DEMO_SKIP_APP !== '1') {
      const step: ConsoleStep = { root: ROOT, env, childEnv: consoleEnv(env, paths.configFile), parts, say, stopped };
      await buildConsole(step);
      if (stopped()) return;
      url = await startConsole(step, paths, (code, signal) => {
        void shutdown(
          1,
          `The console (next start) exited unexpectedly (${code ?? signal}); see ${shownPath(paths.nextLog)}.`,
        );
      });
      if (stopped()) return;
    }

    if (env.PGWARDEN_DEMO_LOGINS_FILE) {
      writePrivateFile(
        path.resolve(env.PGWARDEN_DEMO_LOGINS_FILE),
        `${JSON.stringify({ url: url ?? null, logins, operatorToken }, null, 2)}\n`,
      );
    }
    printReadyBanner(say, { url, logins, operatorToken, configFile: shownPath(paths.configFile) });
  })();

  try {
    await parts.startup;
  } catch (error) {
    if (!stopped()) {
      const message =
        error instanceof DemoError ? error.message : `The demo failed to start: ${(error as Error).message}`;
      await shutdown(1, message);
    }
  }
}

void main();
