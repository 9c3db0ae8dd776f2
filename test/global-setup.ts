// vitest global setup: embedded PostgreSQL 18, 17, 16 and 14 for the whole run and, when installed, the machine's
// PostgreSQL 15 (PGWARDEN_TEST_VERSIONS narrows that down). Tests read the superuser URLs through test/servers.ts
// (inject), never from here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { embeddedPostgresMissing, type EmbeddedMajor, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { startTestPostgres } from './embedded';
import { acquirePg15, type Pg15Lease } from './pg15';
import { claimRunDir, keepExitCode, stopPostmaster } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the embedded PostgreSQL 18 (database "postgres"). */
    pg18SuperuserUrl: string;
    /** Superuser URL of the embedded PostgreSQL 17, or null when not started. */
    pg17SuperuserUrl: string | null;
    /** Superuser URL of the embedded PostgreSQL 16, or null when not started. */
    pg16SuperuserUrl: string | null;
    /** Superuser URL of the machine's PostgreSQL 15 (role pgwarden_test), or null when it is not available. */
    pg15SuperuserUrl: string | null;
    /** Superuser URL of the embedded PostgreSQL 14, or null when not started (no binaries for this platform). */
    pg14SuperuserUrl: string | null;
  }
}

type EmbeddedName = 'pg18' | 'pg17' | 'pg16' | 'pg14';

interface EmbeddedServer {
  name: EmbeddedName;
  version: EmbeddedMajor;
  /** Preferred port (the next free one is used when taken); never 5432. */
  port: number;
  maxConnections: number;
}

/** The embedded servers; 18 is the newest supported version, 14 the oldest. */
const EMBEDDED: EmbeddedServer[] = [
  { name: 'pg18', version: 18, port: 54329, maxConnections: 400 },
  { name: 'pg17', version: 17, port: 55017, maxConnections: 300 },
  { name: 'pg16', version: 16, port: 55016, maxConnections: 300 },
  { name: 'pg14', version: 14, port: 55014, maxConnections: 300 },
];

/**
 * PGWARDEN_TEST_VERSIONS=18,14 tests those major versions only (quicker: each version adds about 20 s). PostgreSQL 18
 * always runs: tests keep their state databases there. Unset: every version.
 */
const ONLY = (process.env.PGWARDEN_TEST_VERSIONS ?? '')
  .split(',')
  .map((version) => Number(version.trim()))
  .filter((version) => version > 0);
const tested = (version: number) => version === 18 || ONLY.length === 0 || ONLY.includes(version);

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** This run's folder; a concurrent run in the same checkout gets `.pgwarden/test-<pid>` instead. */
export const TEST_RUN_DIR = path.join(ROOT, '.pgwarden', 'test');
/** Stops the servers a crashed run left in a run folder. */
export const stopTestLeftovers = async (dir: string) => {
  for (const server of EMBEDDED) await stopPostmaster(path.join(dir, server.name));
};

const say = (message: string) => process.stderr.write(`[test setup] ${message}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode(); // vitest reports failures through process.exitCode, which embedded-postgres would reset
  const started = Date.now();
  const run = await claimRunDir(TEST_RUN_DIR, stopTestLeftovers);

  const wanted = EMBEDDED.filter((server) => {
    if (!tested(server.version)) return false;
    const missing = server.version === 18 ? null : embeddedPostgresMissing(server.version);
    if (missing) say(`no PostgreSQL ${server.version} here (${missing}): testing without it`);
    return !missing;
  });
  const handles = new Map<EmbeddedName, EmbeddedPostgresHandle>();
  let pg15: Pg15Lease | null = null;
  const teardown = async () => {
    await Promise.all(
      EMBEDDED.map(async (server) => {
        await handles
          .get(server.name)
          ?.stop()
          .catch((error: unknown) => say(`stopping PostgreSQL ${server.version}: ${String(error)}`));
        await stopPostmaster(path.join(run.dir, server.name));
      }),
    );
    await pg15?.release().catch((error: unknown) => say(`releasing PostgreSQL 15: ${String(error)}`));
    await run.release();
  };

  // Started side by side: each initdb and start takes a second or two.
  const results = await Promise.allSettled([
    ...wanted.map(async (server) => {
      const logFile = path.join(run.dir, `${server.name}.log`);
      const handle = await startTestPostgres({
        dataDir: path.join(run.dir, server.name),
        logFile,
        port: server.port,
        maxConnections: server.maxConnections,
        version: server.version,
      });
      handles.set(server.name, handle);
      say(`PostgreSQL ${server.version} on 127.0.0.1:${handle.port} (log: ${path.relative(ROOT, logFile)})`);
    }),
    (tested(15) ? acquirePg15() : Promise.resolve(null)).then((lease) => {
      pg15 = lease;
    }),
  ]);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) {
    await teardown();
    throw failure.reason;
  }

  const url = (name: EmbeddedName) => handles.get(name)?.url() ?? null;
  project.provide('pg18SuperuserUrl', url('pg18')!);
  project.provide('pg17SuperuserUrl', url('pg17'));
  project.provide('pg16SuperuserUrl', url('pg16'));
  project.provide('pg15SuperuserUrl', (pg15 as Pg15Lease | null)?.url ?? null);
  project.provide('pg14SuperuserUrl', url('pg14'));
  if (ONLY.length > 0) say(`PGWARDEN_TEST_VERSIONS=${process.env.PGWARDEN_TEST_VERSIONS}: testing only those (and 18)`);
  say(`servers ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return teardown;
}
