// Stopping a child started `detached` (the console's `next build` or `next start`) together with everything it started.
import type { ChildProcess } from 'node:child_process';
import { descendants, isAlive, sendSignal, sleep } from '../process-control';

/**
 * Stops a detached child, its process group and any descendant that left the group (Next.js starts some workers
 * in groups of their own): SIGTERM, then SIGKILL after `graceMs`.
 */
export async function stopChildGroup(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child?.pid) return;
  const pid = child.pid;
  const others = descendants(pid);
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    sendSignal(-pid, 'SIGTERM');
    await Promise.race([exited, sleep(graceMs)]);
  }
  sendSignal(-pid, 'SIGKILL'); // anything left in the group
  for (const other of [...others, ...descendants(pid)]) sendSignal(other, 'SIGKILL');
  const deadline = Date.now() + 5000;
  while ((isAlive(pid) || others.some(isAlive)) && Date.now() < deadline) await sleep(50);
}
