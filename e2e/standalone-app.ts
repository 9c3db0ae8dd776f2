// Starts the standalone production server as the Docker image does: the folder scripts/standalone.ts assembles from
// the suite's build, the runtime stage's uid:gid, its ENV plus deploy/pgwarden.env.example's variables (this run's
// values in place of the CHANGE-ME ones), and its CMD. Two differences, both about this machine's network rather than
// the bundle: a free PORT instead of 3000, and HOSTNAME=127.0.0.1 instead of 0.0.0.0.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { findFreePort } from '../scripts/embedded-postgres';
import { isAlive, sendSignal, sleep, waitForExit } from '../scripts/process-control';
import { assembleStandalone } from '../scripts/standalone';
import { withClient, withUrl } from '../test/pg-helpers';
import { tailFile } from '../test/processes';
import type { AppConfigInput } from './app-under-test';
import { recordDetachedServer } from './detached-servers';
import { readEnvFile, readRuntimeStage } from './dockerfile';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What node:20-slim sets; nothing else of the parent's environment reaches the server. */
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const runtimeOf = (runDir: string) => path.join(runDir, 'standalone');

/** The assembled folder for this run's build (assembled once; every spec and instance runs the same files). */
export function standaloneRuntime(runDir: string): string {
  const dir = runtimeOf(runDir);
  const built = readFileSync(path.join(ROOT, '.next', 'BUILD_ID'), 'utf8');
  const stamp = path.join(dir, '.next', 'BUILD_ID');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== built) assembleStandalone(dir);
  return dir;
}

/** A fresh state database on the e2e PostgreSQL, for instances of one spec. */
export async function freshStateDatabase(superuserUrl: string, name: string): Promise<string> {
  await withClient(superuserUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  return withUrl(superuserUrl, { database: name });
}

export interface LocalUser {
  email: string;
  password: string;
}

export function localUser(email: string): LocalUser {
  return { email, password: randomBytes(12).toString('base64url') };
}

export const configUsers = (users: LocalUser[]) =>
  users.map(({ email, password }) => ({ email, passwordHash: bcrypt.hashSync(password, 4) }));

export interface StandaloneOptions {
  runDir: string;
  /** Names the instance's files (<runDir>/<name>.config.json, <name>.log). */
  name: string;
  config: AppConfigInput;
  /** Values for deploy/pgwarden.env.example's variables (every CHANGE-ME and example.com one, and PGWARDEN_CONFIG). */
  env: Record<string, string>;
  /** Default: a free one. */
  port?: number;
}

export interface StandaloneInstance {
  pid: number;
  url: string;
  port: number;
  logFile: string;
  /** The environment it was started with. */
  env: NodeJS.ProcessEnv;
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

/** The environment the image gives the server: ENV, then the env file, with this run's values where they must differ. */
export function imageEnvironment(values: Record<string, string>, port: number): NodeJS.ProcessEnv {
  const stage = readRuntimeStage();
  const example = readEnvFile();
  for (const [key, value] of Object.entries(example)) {
    if (/CHANGE-ME|example\.com|^\/etc\//.test(value) && !(key in values)) {
      throw new Error(`deploy/pgwarden.env.example's ${key} needs a value for this run: add it to the spec`);
    }
  }
  for (const key of Object.keys(values)) {
    if (!(key in example)) throw new Error(`${key} is not in deploy/pgwarden.env.example: add it there first`);
  }
  const env: Record<string, string> = {
    PATH: IMAGE_PATH,
    ...stage.env,
    ...example,
    ...values,
    PORT: String(port),
    HOSTNAME: '127.0.0.1',
  };
  if (env.NODE_ENV !== 'production') throw new Error("the Dockerfile's ENV must set NODE_ENV=production");
  return { ...env, NODE_ENV: env.NODE_ENV };
}

export const freePort = () => findFreePort(4100);

export async function startStandalone(options: StandaloneOptions): Promise<StandaloneInstance> {
  const stage = readRuntimeStage();
  const runtime = standaloneRuntime(options.runDir);
  const configPath = path.join(options.runDir, `${options.name}.config.json`);
  writeFileSync(configPath, JSON.stringify(options.config, null, 2), { mode: 0o600 });
  // Mounted into the container readable by its user, not by everyone.
  chownSync(configPath, stage.uid, stage.gid);
  const port = options.port ?? (await findFreePort(4100));
  const env = imageEnvironment({ ...options.env, PGWARDEN_CONFIG: configPath }, port);
  const [program, ...args] = stage.cmd;
  if (program !== 'node') throw new Error(`the Dockerfile's CMD runs ${program}, not node`);
  const logFile = path.join(options.runDir, `${options.name}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    cwd: runtime,
    uid: stage.uid,
    gid: stage.gid,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error('could not start the standalone server');
  recordDetachedServer(options.runDir, pid);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, pid, logFile);
  return {
    pid,
    url,
    port,
    logFile,
    env,
    kill: async (signal = 'SIGTERM') => {
      sendSignal(-pid, signal);
      if (!(await waitForExit(pid, 5000))) sendSignal(-pid, 'SIGKILL');
      await waitForExit(pid, 5000);
    },
  };
}

async function waitUntilServing(url: string, pid: number, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new Error(`the standalone server exited; end of ${logFile}:\n${tailFile(logFile)}`);
    try {
      const response = await fetch(`${url}/signin`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(
    `the standalone server does not answer on ${url} (last: ${last}); end of ${logFile}:\n${tailFile(logFile)}`,
  );
}
