import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { isAlive } from '../scripts/process-control';
import { startTestPostgres } from '../test/embedded';
import { stopPostmaster, stopProcess, tailFile } from '../test/processes';
import type { AppConfigInput } from './app-under-test';
import { recordDetachedServer } from './detached-servers';
import { leakedSecrets, secretsOf } from './config-secrets';
import { expect, test } from './fixtures';

interface SecondApp {
  url: string;
  pid: number;
  log: string;
}

/** A second console on the built app, with its own state database, so stopping that database harms no other spec. */
async function startSecondApp(configFile: string, log: string): Promise<SecondApp> {
  const port = await findFreePort(3950);
  const url = `http://127.0.0.1:${port}`;
  const out = openSync(log, 'w');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PGWARDEN_CONFIG: configFile,
    NEXTAUTH_URL: url,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.NEXTAUTH_SECRET;
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    detached: true, // own process group, stopped as a whole
    stdio: ['ignore', out, out],
    env,
  });
  closeSync(out);
  child.unref();
  if (!child.pid) throw new Error('could not start next');
  recordDetachedServer(path.dirname(configFile), child.pid);
  const app = { url, pid: child.pid, log };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!isAlive(app.pid)) throw new Error(`next start exited; end of ${log}:\n${tailFile(log)}`);
    const live = await fetch(`${url}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (live) return app;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopProcess(app.pid, { group: true });
  throw new Error(`next start did not answer /api/health; end of ${log}:\n${tailFile(log)}`);
}

interface ReadyAnswer {
  status: number;
  body: string;
}

async function ready(app: SecondApp): Promise<ReadyAnswer> {
  const response = await fetch(`${app.url}/api/ready`);
  return { status: response.status, body: await response.text() };
}

test('/api/ready turns 503 when the state database stops and 200 when it is back, naming no secret', async ({
  appConfigPath,
}) => {
  test.setTimeout(150_000);
  const runDir = path.dirname(appConfigPath);
  const dataDir = path.join(runDir, 'ready-state');
  let stateDb: EmbeddedPostgresHandle | null = await startTestPostgres({
    dataDir,
    logFile: path.join(runDir, 'ready-state.log'),
    port: 54359,
    maxConnections: 50,
  });
  const { port, password } = stateDb;
  const main = (JSON.parse(readFileSync(appConfigPath, 'utf8')) as AppConfigInput).clusters[0]!;
  const config: AppConfigInput = {
    clusters: [{ ...main, sampleIntervalMs: 1000 }],
    stateDatabaseUrl: stateDb.url(),
    auth: { secret: randomBytes(32).toString('base64url') },
  };
  const configFile = path.join(runDir, 'ready-app.config.json');
  writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  const secrets = secretsOf(config);
  let app: SecondApp | null = null;
  try {
    app = await startSecondApp(configFile, path.join(runDir, 'ready-app.log'));
    const readyApp = app;
    const seen: ReadyAnswer[] = [];
    const poll = async () => {
      const answer = await ready(readyApp);
      seen.push(answer);
      return answer;
    };

    await expect.poll(async () => (await poll()).status, { timeout: 20_000 }).toBe(200);
    await expect
      .poll(async () => JSON.parse((await poll()).body).checks.clusters.main.fresh, { timeout: 20_000 })
      .toBe(true);
    expect(JSON.parse(seen.at(-1)!.body)).toMatchObject({
      ready: true,
      checks: { config: { ok: true }, stateDatabase: { ok: true, status: 'ok' } },
    });

    await stateDb.stop();
    stateDb = null;
    await expect.poll(async () => (await poll()).status, { timeout: 20_000 }).toBe(503);
    const down = JSON.parse(seen.at(-1)!.body);
    expect(down).toMatchObject({ ready: false, checks: { stateDatabase: { ok: false, status: 'unavailable' } } });
    expect(down.checks.stateDatabase.reason).toEqual(expect.any(String));
    // The monitored cluster is still sampled: only the state database made the instance not ready.
    expect(down.checks.clusters.main).toMatchObject({ reachable: true });

    stateDb = await startEmbeddedPostgres({ dataDir, port, password });
    expect(stateDb.port, 'the state database came back on another port').toBe(port);
    await expect.poll(async () => (await poll()).status, { timeout: 30_000 }).toBe(200);

    for (const answer of seen) expect(leakedSecrets(answer.body, secrets)).toEqual([]);
  } finally {
    if (app) await stopProcess(app.pid, { group: true, graceMs: 5000 });
    await stateDb?.stop().catch(() => {});
    await stopPostmaster(dataDir);
  }
});
