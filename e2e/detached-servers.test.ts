import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive, waitForExit } from '../scripts/process-control';
import { recordDetachedServer, stopDetachedLeftovers } from './detached-servers';

const runDir = mkdtempSync(path.join(tmpdir(), 'pgwarden-detached-'));
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

/** A stand-in for `next start`: a process group of its own whose command line names next, with a child. */
function startServer() {
  const child = spawn(
    process.execPath,
    [
      '-e',
      "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); setInterval(() => {}, 1000)",
      'next-start-stand-in',
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  return child.pid!;
}

describe('servers started detached by specs', () => {
  it('are stopped with their group by the leftovers clean-up, and a pid that names another process is left alone', async () => {
    const server = startServer();
    recordDetachedServer(runDir, server);
    // A pid recorded with another start time (reused since): not stopped.
    const other = startServer();
    const [ownLine] = readFileSync(path.join(runDir, 'detached-servers'), 'utf8').split('\n');
    expect(ownLine).toMatch(new RegExp(`^${server} \\d+$`));
    writeFileSync(path.join(runDir, 'detached-servers'), `${other} 1\n`, { flag: 'a' });

    await stopDetachedLeftovers(runDir);
    expect(isAlive(server)).toBe(false);
    expect(isAlive(other)).toBe(true);
    process.kill(-other, 'SIGKILL');
    await waitForExit(other, 5000);
    // Forgotten once handled: a second clean-up has nothing to read.
    await expect(stopDetachedLeftovers(runDir)).resolves.toBeUndefined();
  });
});
