// A second `next start` of the built app, for a spec that needs the config the shared e2e app does not have (behind
// a proxy, say): the same clusters, users and state database, with `changes` on top. Stop it with `stop()`.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../scripts/embedded-postgres';
import { stopProcess } from '../test/processes';
import { waitForApp, type AppConfigInput } from './app-under-test';
import { recordDetachedServer } from './detached-servers';

export interface SecondApp {
  baseURL: string;
  stop: () => Promise<void>;
}

/**
 * Without NEXTAUTH_URL, so the app learns its origin from `publicUrl` or the request, as `changes` decide. The run's
 * config file (`appConfigPath`) is in the run folder, where the server is recorded.
 */
export async function startSecondApp(appConfigPath: string, changes: Partial<AppConfigInput>): Promise<SecondApp> {
  const config = { ...(JSON.parse(readFileSync(appConfigPath, 'utf8')) as AppConfigInput), ...changes };
  const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-second-app-'));
  const configPath = path.join(dir, 'pgwarden.config.json');
  writeFileSync(configPath, JSON.stringify(config), { mode: 0o600 });
  const port = await findFreePort(3950);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGWARDEN_CONFIG: configPath,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(port),
  };
  delete env.NEXTAUTH_URL;
  delete env.AUTH_TRUST_HOST;
  const logFile = path.join(dir, 'next.log');
  const log = openSync(logFile, 'w');
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', log, log],
    env,
  });
  closeSync(log);
  const pid = child.pid;
  if (!pid) throw new Error('could not start a second next');
  recordDetachedServer(path.dirname(appConfigPath), pid);
  const stop = async () => {
    await stopProcess(pid, { group: true, graceMs: 5000 });
    rmSync(dir, { recursive: true, force: true }); // the config copy holds the secret and the database passwords
  };
  const baseURL = `http://127.0.0.1:${port}`;
  try {
    await waitForApp(baseURL, pid, logFile);
  } catch (error) {
    await stop(); // the error already quotes the end of the log
    throw error;
  }
  return { baseURL, stop };
}
