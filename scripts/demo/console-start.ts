// Starts the demo console (`next start`) on a free port, shows its output prefixed with [next] while keeping it in
// next.log, and waits until it answers HTTP.
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { findFreePort } from '../embedded-postgres';
import { sleep } from '../process-control';
import { spawnNext, type ConsoleStep } from './next-process';
import { withServerNodeOptions } from '../server-node-options';

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

export interface ConsoleFiles {
  /** Keeps the console's pid, so that the next demo can stop a console this one leaves behind. */
  nextPidFile: string;
  nextLog: string;
}

/**
 * Starts the console on PGWARDEN_DEMO_HOST (default 127.0.0.1) and PGWARDEN_DEMO_PORT (default 3000) or the next free
 * port, and resolves with its URL once it answers. `onExit` hears of a console that exits before the demo stops.
 */
export async function startConsole(
  { root, env, childEnv, parts, stopped }: ConsoleStep,
  files: ConsoleFiles,
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void,
): Promise<string> {
  const host = env.PGWARDEN_DEMO_HOST ?? '127.0.0.1';
  const port = await findFreePort(Number(env.PGWARDEN_DEMO_PORT ?? 3000));
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  // Run as the Dockerfile runs it (scripts/server-node-options.ts).
  const startEnv = withServerNodeOptions(childEnv);
  startEnv.NEXTAUTH_URL ??= url;
  // The demo's terminal is read by a person: readable lines instead of the JSON a log shipper wants.
  startEnv.PGWARDEN_LOG_FORMAT ??= 'pretty';
  const nextLog = createWriteStream(files.nextLog, { flags: 'a' });
  const child = spawnNext(root, ['start', '-p', String(port), '-H', host], startEnv, ['ignore', 'pipe', 'pipe']);
  parts.nextChild = child;
  if (child.pid) writeFileSync(files.nextPidFile, `${child.pid}\n`);
  prefixLines(child.stdout, '  [next] ', nextLog);
  prefixLines(child.stderr, '  [next] ', nextLog);
  child.once('exit', (code, signal) => {
    if (!stopped()) onExit(code, signal);
  });
  await waitForHttp(url, child, 120_000, stopped);
  return url;
}
