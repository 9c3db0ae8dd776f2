// Starts a throw-away embedded PostgreSQL (18 unless told) for a test run (vitest or Playwright global setup).
import { appendFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres, type EmbeddedMajor, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { stopPostmaster, tailFile } from './processes';

export interface TestPostgresOptions {
  /** Wiped first. */
  dataDir: string;
  /** Server log (wiped first). */
  logFile: string;
  /** Preferred port; the next free one is used when it is taken. */
  port: number;
  maxConnections: number;
  /** PostgreSQL major version (default 18). */
  version?: EmbeddedMajor;
  /** Another installation's binaries instead, and their major version (see startEmbeddedPostgres). */
  binDir?: string;
  installedVersion?: number;
}

/** Fresh data folder, random superuser password; retried (a port can be taken between check and start). */
export async function startTestPostgres(options: TestPostgresOptions): Promise<EmbeddedPostgresHandle> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    await stopPostmaster(options.dataDir);
    rmSync(options.dataDir, { recursive: true, force: true });
    rmSync(options.logFile, { force: true });
    try {
      return await startEmbeddedPostgres({
        dataDir: options.dataDir,
        port: options.port,
        password: randomBytes(18).toString('base64url'),
        maxConnections: options.maxConnections,
        version: options.version,
        binDir: options.binDir,
        installedVersion: options.installedVersion,
        log: (line) => appendFileSync(options.logFile, line),
      });
    } catch (error) {
      lastError = error;
      await stopPostmaster(options.dataDir);
    }
  }
  const reason = lastError instanceof Error ? lastError.message : 'the server exited during start-up';
  throw new Error(
    `PostgreSQL ${options.installedVersion ?? options.version ?? 18} did not start (${reason}); end of ${options.logFile}:\n${tailFile(options.logFile)}`,
  );
}
