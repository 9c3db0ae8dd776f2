// Runs this project's Next.js CLI for the demo console: in production mode, in a process group of its own (so that
// the demo can stop it with its workers), with the demo's config file.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';
import type { StartedParts } from './shutdown';

/** What the console's start-up steps (build, start) work with. */
export interface ConsoleStep {
  root: string;
  /** The demo's own environment (PGWARDEN_DEMO_*). */
  env: NodeJS.ProcessEnv;
  /** The environment for next (see consoleEnv). */
  childEnv: NodeJS.ProcessEnv;
  /** Where a step registers the process it starts, for the shutdown to stop it. */
  parts: StartedParts;
  say(line: string): void;
  /** True once the demo is stopping: a step then returns early. */
  stopped(): boolean;
}

/** The environment for `next build` and `next start`: the caller's, pointed at the demo's config file. */
export function consoleEnv(env: NodeJS.ProcessEnv, configFile: string): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...env, PGWARDEN_CONFIG: configFile, NEXT_TELEMETRY_DISABLED: '1' };
  // Settings from the caller's shell would override the demo's config file.
  for (const name of ['PGWARDEN_CLUSTERS', 'PGWARDEN_STATE_DATABASE_URL', 'NEXTAUTH_SECRET', 'AUTH_SECRET'])
    delete childEnv[name];
  return childEnv;
}

/** Starts `next <args>` from the project at `root` as the leader of a new process group. */
export function spawnNext(root: string, args: string[], env: NodeJS.ProcessEnv, stdio: StdioOptions): ChildProcess {
  const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  return spawn(process.execPath, [nextBin, ...args], {
    cwd: root,
    env: { ...env, NODE_ENV: 'production' },
    detached: true,
    stdio,
  });
}
