// `npm run demo`: pgwarden against a real PostgreSQL 18 with realistic traffic, in one command.
//
//   1. starts an embedded PostgreSQL 18 with its data under .pgwarden/demo/ (port 54329 or the next free one) and
//      prepares pgwarden's monitoring role, its state database and a demo "shop" database (scripts/demo/cluster.ts);
//   2. writes .pgwarden/demo/pgwarden.config.json (mode 0600) with three local logins whose passwords are new on every
//      start (admin@demo.local, operator@demo.local, viewer@demo.local);
//   3. starts the demo traffic (scripts/demo/workload.ts);
//   4. runs `next build` when .next/BUILD_ID is missing or older than any file of app/, lib/, components/, public/ or
//      the build configuration (PGWARDEN_DEMO_REBUILD=1 forces it), then `next start` on port 3000 or the next free one;
//   5. prints the URL and the logins, and runs until Ctrl-C (SIGINT) or SIGTERM, which stop the console, the traffic
//      and PostgreSQL.
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

  const { startDemoCluster, startDemoWorkload, startConsole } = await importWithoutExitHooks(async () => ({
    ...(await import('./demo/cluster')),
    ...(await import('./demo/workload')),
    ...(await import('./demo/console-start')),
  }));

  const parts: StartedParts = { startup: Promise.resolve() };
  const { shutdown, stopped } = handleShutdown(parts, say, [paths.pidFile, paths.nextPidFile]);

  parts.startup = (async () => {
    say('Starting the pgwarden demo');
    const pgLog = createWriteStream(paths.postgresLog, { flags: 'a' });
    const cluster = await startDemoCluster({
      dataDir: paths.dataDir,
      port: Number(env.PGWARDEN_DEMO_PG_PORT ?? 54329),
      log: (line) => pgLog.write(line),
    });
    parts.cluster = cluster;
    parts.postmaster = postmasterPid(paths.dataDir);
    say(
      `  PostgreSQL 18     127.0.0.1:${cluster.port}  (data ${shownPath(paths.dataDir)}, log ${shownPath(paths.postgresLog)})`,
    );
    if (stopped()) return;

    const { config, logins } = await createDemoConfig({ monitorUrl: cluster.monitorUrl, stateUrl: cluster.stateUrl });
    writePrivateFile(paths.configFile, `${JSON.stringify(config, null, 2)}\n`);
    say(`  config            ${shownPath(paths.configFile)}  (mode 0600)`);
    const operatorToken = await createDemoOperatorToken(cluster.stateUrl, 'demo', ROOT);
    if (stopped()) return;

    parts.workload = startDemoWorkload(cluster, { log: (line) => say(`  [workload] ${line}`) });
    say('  workload          long reports, idle transactions, a lock pile-up on inventory #42, short queries');

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
