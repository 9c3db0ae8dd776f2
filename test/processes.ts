// Process helpers shared by the vitest and Playwright global setups: find and stop servers left behind by a crashed run.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process, or '' when it is gone (Linux /proc). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until the process is gone; returns false on timeout. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Stops a process (and its process group when it leads one, as a `detached` child does):
 * SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopProcess(pid: number, options: { group?: boolean; graceMs?: number } = {}): Promise<void> {
  const target = options.group ? -pid : pid;
  if (!isAlive(pid)) {
    if (options.group) signal(target, 'SIGKILL'); // stray group members
    return;
  }
  signal(target, 'SIGTERM');
  if (await waitForExit(pid, options.graceMs ?? 5000)) {
    if (options.group) signal(target, 'SIGKILL');
    return;
  }
  signal(target, 'SIGKILL');
  await waitForExit(pid, 5000);
}

/**
 * Stops a PostgreSQL server still running on `dataDir` (fast shutdown, then SIGQUIT, then SIGKILL),
 * found through its postmaster.pid. Does nothing when there is none.
 */
export async function stopPostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  if (!/postgres|postmaster/.test(commandLine(pid))) return; // the pid was reused by something else
  signal(pid, 'SIGINT');
  if (await waitForExit(pid, 10_000)) return;
  signal(pid, 'SIGQUIT');
  if (await waitForExit(pid, 5_000)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, 5_000);
}
