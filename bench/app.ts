// The built pgwarden app for the benchmarks: config file, `next start`, sign-in over HTTP and cookie-carrying requests.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { configSchema } from '../lib/config/schema';
import { findFreePort } from '../scripts/embedded-postgres';
import { withServerNodeOptions } from '../scripts/server-node-options';
import { isAlive, pidNamesAnother, startTicks } from '../scripts/process-control';
import { stopProcess, tailFile } from '../test/processes';
import type { BenchCluster } from './cluster';
import { sleep } from './stats';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLUSTER_ID = 'bench';
export const ADMIN_EMAIL = 'admin@bench.test';

const files = (runDir: string, name = '') => ({
  config: path.join(runDir, `pgwarden${name}.config.json`),
  nextLog: path.join(runDir, `next${name}.log`),
  buildLog: path.join(runDir, 'next-build.log'),
  state: path.join(runDir, `next${name}.pid`),
});

/** Builds the app when there is no production build yet. */
export function ensureBuild(runDir: string, say: (line: string) => void): void {
  if (existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) return;
  say('no .next/BUILD_ID: running `next build` (a few minutes)');
  const log = openSync(files(runDir).buildLog, 'w');
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
  });
  closeSync(log);
  if (result.status !== 0)
    throw new Error(`next build failed; end of ${files(runDir).buildLog}:\n${tailFile(files(runDir).buildLog)}`);
}

const readBuildId = (dir: string) => readFileSync(path.join(dir, '.next', 'BUILD_ID'), 'utf8').trim();

export interface BuildSnapshot {
  /** A folder `next start` runs in: a copy of .next, with node_modules and the config linked from the checkout. */
  appDir: string;
  buildId: string;
}

/**
 * Copies the production build into the run folder, so that somebody rebuilding the checkout during the run (other
 * sessions share it) cannot swap chunks or server action ids under the running app.
 */
export function snapshotBuild(runDir: string): BuildSnapshot {
  const appDir = path.join(runDir, 'app');
  for (let attempt = 1; attempt <= 3; attempt++) {
    rmSync(appDir, { recursive: true, force: true });
    mkdirSync(appDir, { recursive: true });
    const before = readBuildId(ROOT);
    cpSync(path.join(ROOT, '.next'), path.join(appDir, '.next'), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !source.startsWith(path.join(ROOT, '.next', 'cache')),
    });
    if (
      existsSync(path.join(ROOT, '.next', 'BUILD_ID')) &&
      readBuildId(ROOT) === before &&
      readBuildId(appDir) === before
    ) {
      for (const name of ['node_modules', 'package.json', 'next.config.js', 'public']) {
        if (existsSync(path.join(ROOT, name))) symlinkSync(path.join(ROOT, name), path.join(appDir, name));
      }
      return { appDir, buildId: before };
    }
  }
  throw new Error('.next changed three times while it was being copied (somebody is building); try again later');
}

export interface RunningApp {
  baseURL: string;
  /** Where the build it runs lives (its server action ids are in .next/server/server-reference-manifest.json). */
  appDir: string;
  pid: number;
  adminPassword: string;
  /** Bearer token for GET /metrics (the bench reads the app's own stage timings and memory there). */
  metricsToken: string;
  stop(): Promise<void>;
}

/**
 * Writes the config (cluster -> least-privilege role, a local admin, auth.secret) and starts `next start`. `clusters`
 * replaces the one cluster (the fleet part), and `name` keeps a second app's files apart from the first one's.
 */
export async function startApp(
  runDir: string,
  build: BuildSnapshot,
  cluster: BenchCluster,
  clusters: { id: string; name?: string; url: string }[] = [{ id: CLUSTER_ID, name: 'Bench', url: cluster.monitorUrl }],
  name = '',
): Promise<RunningApp> {
  const f = files(runDir, name);
  // A second app starts from elsewhere: other runs on this machine take the ports after 3200 too.
  const port = await findFreePort(name ? 3260 : 3200);
  const baseURL = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString('base64url');
  const adminPassword = randomBytes(12).toString('base64url');
  const metricsToken = randomBytes(24).toString('hex');
  const config = configSchema.parse({
    clusters,
    stateDatabaseUrl: cluster.stateUrl,
    auth: {
      secret,
      localUsers: [{ email: ADMIN_EMAIL, passwordHash: bcrypt.hashSync(adminPassword, 10) }],
      roles: [{ role: 'admin', email: ADMIN_EMAIL }],
    },
    metrics: { token: metricsToken },
  });
  writeFileSync(f.config, JSON.stringify(config, null, 2), { mode: 0o600 });
  const log = openSync(f.nextLog, 'w');
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses those in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const next = spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      ...['-p', String(port), '-H', '127.0.0.1'],
    ],
    {
      cwd: build.appDir,
      detached: true, // own process group, so stopping it also stops any worker it forks
      stdio: ['ignore', log, log],
      env: {
        ...withServerNodeOptions(process.env),
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        NEXTAUTH_URL: baseURL,
        NEXTAUTH_SECRET: secret,
        PGWARDEN_CONFIG: f.config,
        PORT: String(port),
      },
    },
  );
  closeSync(log);
  next.unref();
  const pid = next.pid;
  if (!pid) throw new Error('could not start next');
  const started = startTicks(pid);
  writeFileSync(f.state, `${pid} ${started ?? ''}`);
  const stop = async () => {
    await stopNext(pid, started);
    rmSync(f.state, { force: true });
  };
  try {
    await waitForApp(baseURL, pid, f.nextLog);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, appDir: build.appDir, pid, adminPassword, metricsToken, stop };
}

/** Stops that next and its group, unless its pid now names someone else's process. */
async function stopNext(pid: number, started: number | undefined): Promise<void> {
  if (pidNamesAnother(pid, /next/, started)) return;
  // A dead leader's pid cannot be reused while its process group lives, so signalling the group stays safe.
  await stopProcess(pid, { group: true, graceMs: 5000 });
}

/** Stops a `next start` left behind by a crashed run in `runDir`. */
export async function stopLeftoverApp(runDir: string, name = ''): Promise<void> {
  const file = files(runDir, name).state;
  try {
    const [pid, started] = readFileSync(file, 'utf8').trim().split(' ').map(Number);
    // A file without a start time is from an older bench: its pid may long since be someone else's.
    if (Number.isInteger(pid) && pid! > 0 && started) await stopNext(pid!, started);
  } catch {
    // no app was started
  }
  rmSync(file, { force: true });
}

async function waitForApp(baseURL: string, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`next start exited early; end of ${logFile}:\n${tailFile(logFile)}`);
    try {
      const response = await fetch(`${baseURL}/api/auth/csrf`, { signal: AbortSignal.timeout(10_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(`the app is not ready on ${baseURL} (last: ${last}); end of ${logFile}:\n${tailFile(logFile)}`);
}

/** A cookie jar for one signed-in user. */
export class Session {
  private cookies = new Map<string, string>();
  constructor(readonly baseURL: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** All cookies as Playwright wants them. */
  playwrightCookies() {
    return [...this.cookies].map(([name, value]) => ({ name, value, url: this.baseURL }));
  }

  async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader);
    const response = await fetch(`${this.baseURL}${pathname}`, { redirect: 'manual', ...init, headers });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
    }
    return response;
  }

  /** next-auth's credentials flow: GET /api/auth/csrf, then POST /api/auth/callback/local. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = (await (await this.fetch('/api/auth/csrf')).json()) as { csrfToken: string };
    const response = await this.fetch('/api/auth/callback/local', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrfToken: csrf.csrfToken,
        email,
        password,
        callbackUrl: `${this.baseURL}/`,
        json: 'true',
      }),
    });
    await response.arrayBuffer();
    if (![...this.cookies.keys()].some((name) => name.endsWith('next-auth.session-token'))) {
      throw new Error(`sign-in as ${email} failed (HTTP ${response.status}, no session cookie)`);
    }
  }
}
