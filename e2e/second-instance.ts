// A second `next start` of the built app on the same config and state database, as behind a load balancer.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { findFreePort } from '../scripts/embedded-postgres';
import { sleep } from '../scripts/process-control';
import { stopProcess } from '../test/processes';
import { recordDetachedServer } from './detached-servers';

export interface SecondInstance {
  baseURL: string;
  stop: () => Promise<void>;
}

/** `configPath`: the run's config file, in the run folder, where the server is recorded. */
export async function startSecondInstance(configPath: string, authSecret: string): Promise<SecondInstance> {
  const port = await findFreePort(3700);
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    detached: true,
    stdio: 'ignore',
    env: {
      ...process.env,
      PGWARDEN_CONFIG: configPath,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: authSecret,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  const pid = child.pid;
  if (!pid) throw new Error('could not start a second instance');
  recordDetachedServer(path.dirname(configPath), pid);
  const stop = () => stopProcess(pid, { group: true, graceMs: 5000 });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${baseURL}/api/v1/openapi.json`);
      if (response.ok) return { baseURL, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`the second instance did not answer on ${baseURL}`);
}
