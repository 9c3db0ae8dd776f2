// Finding and stopping a PostgreSQL server through its data folder's postmaster.pid, for servers that outlived the
// process that started them (a demo or test run killed with SIGKILL).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, readPid, sendSignal, waitForExit } from './process-control';

/** The postmaster's pid from postmaster.pid, or undefined when there is none. */
export function postmasterPid(dataDir: string): number | undefined {
  return readPid(path.join(dataDir, 'postmaster.pid'));
}

/** Whether `pid` runs the postgres binary on `dataDir` (and not an unrelated process that reused the pid). */
export function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(cmdline[0] ?? '') === 'postgres' && cmdline.includes(path.resolve(dataDir));
  } catch {
    return false;
  }
}

/** Stops a postmaster (SIGINT = fast shutdown), escalating to SIGQUIT and SIGKILL; resolves when it is gone. */
export async function stopPostmasterPid(pid: number, graceMs = 20_000): Promise<void> {
  sendSignal(pid, 'SIGINT');
  if (await waitForExit(pid, graceMs)) return;
  sendSignal(pid, 'SIGQUIT');
  if (await waitForExit(pid, 5000)) return;
  sendSignal(pid, 'SIGKILL');
  await waitForExit(pid, 5000);
}

/** A demo killed with SIGKILL leaves its postmaster running; stop it before starting a new one on the same data. */
export async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isAlive(pid) || !isPostmasterOf(pid, dataDir)) return;
  log(`stopping PostgreSQL (pid ${pid}) left running on ${dataDir} by an earlier run\n`);
  await stopPostmasterPid(pid);
}
