// What an earlier demo on the same folder may have left: a demo still running (this one then refuses to start), or,
// when it was killed with SIGKILL, a console still running (this one stops it).
import { mkdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commandLine, isAlive, readPid, sendSignal, waitForExit } from '../process-control';
import { shownPath, type DemoPaths } from './paths';

/** Exits when another live demo uses the demo folder; otherwise records this process in its pid file. */
export function claimDemoDir({ demoDir, pidFile }: DemoPaths): void {
  mkdirSync(demoDir, { recursive: true });
  const other = readPid(pidFile);
  if (other !== undefined && other !== process.pid && isAlive(other) && commandLine(other).includes('demo')) {
    process.stderr.write(
      `Another pgwarden demo (pid ${other}) is using ${shownPath(demoDir)}; stop it first (Ctrl-C in its terminal).\n`,
    );
    process.exit(1);
  }
  writeFileSync(pidFile, `${process.pid}\n`);
}

/** A demo killed with SIGKILL leaves its console running: stop it if next.pid names a Next.js server of this project. */
export async function stopLeftoverConsole(pidFile: string, root: string, say: (line: string) => void): Promise<void> {
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (pid === undefined || !isAlive(pid)) return;
  let cwd: string;
  try {
    cwd = readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return;
  }
  if (path.resolve(cwd) !== path.resolve(root) || !commandLine(pid).includes('next')) return;
  say(`  stopping the console (pid ${pid}) left running by an earlier demo`);
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    sendSignal(-pid, signal);
    if (await waitForExit(pid, 5000)) return;
  }
}
