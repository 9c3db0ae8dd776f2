// Servers a spec starts in a process group of their own (`next start`, the standalone server) outlive a worker that
// Playwright kills on a timeout, since their group is not the worker's. Each is recorded in the run folder when it
// starts; the run's teardown (or the next run, claiming the folder) stops those still running.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isAlive, pidNamesAnother, sendSignal, startTicks, waitForExit } from '../scripts/process-control';

const recordOf = (runDir: string) => path.join(runDir, 'detached-servers');

/** Call right after the spawn: the pid and its start time, so a reused pid is never taken for the server. */
export function recordDetachedServer(runDir: string, pid: number): void {
  writeFileSync(recordOf(runDir), `${pid} ${startTicks(pid) ?? ''}\n`, { flag: 'a' });
}

/** Stops every recorded server still running (its whole group), then forgets them. */
export async function stopDetachedLeftovers(runDir: string): Promise<void> {
  let lines: string[];
  try {
    lines = readFileSync(recordOf(runDir), 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const line of lines) {
    const [pid, started] = line.split(' ').map((field) => (field === '' ? undefined : Number(field)));
    if (!pid || !isAlive(pid) || pidNamesAnother(pid, /next|server\.js/, started)) continue;
    sendSignal(-pid, 'SIGKILL');
    await waitForExit(pid, 5000);
  }
  rmSync(recordOf(runDir), { force: true });
}
