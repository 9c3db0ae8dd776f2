// vitest global setup: one embedded PostgreSQL 18 for the whole run and, when installed, the machine's PostgreSQL 15.
// Tests read the superuser URLs through test/servers.ts (inject), never from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import type { EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { startTestPostgres } from './embedded';
import { acquirePg15, type Pg15Lease } from './pg15';
import { claimRunDir, keepExitCode, stopPostmaster } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the embedded PostgreSQL 18 (database "postgres"). */
    pg18SuperuserUrl: string;
    /** Superuser URL of the machine's PostgreSQL 15 (role pgwarden_test), or null when it is not available. */
    pg15SuperuserUrl: string | null;
  }
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** This run's folder; a concurrent run in the same checkout gets `.pgwarden/test-<pid>` instead. */
export const TEST_RUN_DIR = path.join(ROOT, '.pgwarden', 'test');
/** Stops the server a crashed run left in a run folder. */
export const stopTestLeftovers = (dir: string) => stopPostmaster(path.join(dir, 'pg18'));

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode(); // vitest reports failures through process.exitCode, which embedded-postgres would reset
  const started = Date.now();
  const run = await claimRunDir(TEST_RUN_DIR, stopTestLeftovers);
  const dataDir = path.join(run.dir, 'pg18');
  const logFile = path.join(run.dir, 'pg18.log');

  let pg18: EmbeddedPostgresHandle | undefined;
  let pg15: Pg15Lease | null = null;
  const teardown = async () => {
    await pg18?.stop().catch((error: unknown) => say(`stopping PostgreSQL 18: ${String(error)}`));
    await stopPostmaster(dataDir);
    await pg15?.release().catch((error: unknown) => say(`releasing PostgreSQL 15: ${String(error)}`));
    await run.release();
  };
  try {
    pg18 = await startTestPostgres({ dataDir, logFile, port: 54329, maxConnections: 400 });
    say(`PostgreSQL 18 on 127.0.0.1:${pg18.port} (log: ${path.relative(ROOT, logFile)})`);
    pg15 = await acquirePg15();
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide('pg18SuperuserUrl', pg18.url());
  project.provide('pg15SuperuserUrl', pg15?.url ?? null);
  say(`servers ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return teardown;
}
