// The production bundle on its own, started exactly as the Dockerfile starts it (e2e/standalone-app.ts): an operator
// signs in, sees the sessions and terminates one; the server runs as the image's user with the image's environment.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { longQueryRowsOf } from '../test/backend-rows';
import { readRuntimeStage } from './dockerfile';
import { expect, test } from './fixtures';
import { postServerAction, serverActionId } from './server-action';
import { appSessions, rowOf } from './sessions';
import {
  configUsers,
  freePort,
  freshStateDatabase,
  localUser,
  startStandalone,
  standaloneRuntime,
  type StandaloneInstance,
} from './standalone-app';

test.describe.configure({ mode: 'serial' });

const bag = appSessions();
const operator = localUser('operator@standalone.test');
const PROXY_ORIGIN = 'proxy.standalone.test';
let app: StandaloneInstance;
let stateUrl: string;
let runtime: string;

test.beforeAll(async ({ superuserUrl, appConfigPath }) => {
  const runDir = path.dirname(appConfigPath);
  stateUrl = await freshStateDatabase(superuserUrl, 'pgwarden_state_standalone');
  runtime = standaloneRuntime(runDir);
  const port = await freePort();
  app = await startStandalone({
    port,
    runDir,
    name: 'standalone',
    config: {
      clusters: [{ id: 'main', url: superuserUrl, sampleIntervalMs: 1000, longQueryThresholdSeconds: 1 }],
      auth: { localUsers: configUsers([operator]), roles: [{ role: 'operator', email: operator.email }] },
      allowedOrigins: [PROXY_ORIGIN],
    },
    env: {
      PGWARDEN_STATE_DATABASE_URL: stateUrl,
      NEXTAUTH_SECRET: randomBytes(32).toString('base64'),
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    },
  });
});

test.afterAll(async () => {
  await app?.kill();
});

test('the bundle has no devDependency and runs as the Dockerfile says: its uid, its ENV, node server.js', async () => {
  const stage = readRuntimeStage();
  const devDependencies = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).devDependencies);
  const bundled = readdirSync(path.join(runtime, 'node_modules'));
  expect(bundled.filter((name) => devDependencies.some((dev) => dev === name || dev.startsWith(`${name}/`)))).toEqual(
    [],
  );
  expect(bundled).toEqual(expect.arrayContaining(['next', 'pg', 'pino', 'bcryptjs']));
  expect(existsSync(path.join(runtime, '.next', 'static'))).toBe(true);

  const status = readFileSync(`/proc/${app.pid}/status`, 'utf8');
  expect(status).toMatch(new RegExp(`^Uid:\\t${stage.uid}\\t${stage.uid}\\t`, 'm'));
  expect(status).toMatch(new RegExp(`^Gid:\\t${stage.gid}\\t${stage.gid}\\t`, 'm'));
  expect(readlinkSync(`/proc/${app.pid}/cwd`)).toBe(runtime);
  const environ = readFileSync(`/proc/${app.pid}/environ`, 'utf8').split('\0').filter(Boolean);
  expect(environ.map((pair) => pair.slice(0, pair.indexOf('='))).sort()).toEqual(Object.keys(app.env).sort());
  expect(app.env).toMatchObject({ NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
});

test('an operator signs in, sees the sessions, and terminates a pg_sleep through the dialog', async ({ page, db }) => {
  const session = await bag.busy('select pg_sleep(600) /* standalone smoke */', 'e2e-standalone');
  const { pid } = session;
  await page.goto(
    `${app.url}/signin?callbackUrl=${encodeURIComponent('/clusters/main/sessions?application=e2e-standalone')}`,
  );
  await page.getByLabel('Email').fill(operator.email);
  await page.getByLabel('Password').fill(operator.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${app.url}/clusters/main/sessions?application=e2e-standalone`);
  await expect(rowOf(page, pid)).toBeVisible();

  // Instrumentation ran in the bundle: the sampler and the history writer (this instance leads) record the query.
  await expect
    .poll(async () => (await longQueryRowsOf(stateUrl, { clusterId: 'main', ...session }, '1')).length)
    .toBe(1);

  await rowOf(page, pid)
    .getByRole('button', { name: `Terminate session ${pid}` })
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Terminate session ${pid} on main?`);
  await dialog.getByRole('button', { name: 'Terminate session' }).click();
  await expect(dialog.getByTestId('signal-result-message')).toContainText('Terminated');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(rowOf(page, pid)).toHaveCount(0);
  const { rows } = await db.query('select 1 from pg_stat_activity where pid = $1', [pid]);
  expect(rows).toEqual([]);
});

test("the config file's allowedOrigins reach the bundle's server actions (read at start, not at build)", async ({
  request,
}) => {
  const call = (origin: string) =>
    postServerAction(request, {
      path: `${app.url}/clusters/main/sessions`,
      actionId: serverActionId('app/clusters/[cluster]/sessions/actions.ts', 'signalSessionsAction'),
      args: [{}],
      headers: { Origin: origin },
    });
  // Listed: the Origin check passes and the next check answers (no session: refused as a value).
  const listed = await call(`https://${PROXY_ORIGIN}`);
  expect(listed.status).toBe(200);
  expect(listed.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  // Not listed: lib/dal refuses it for its Origin, cleanly, before reading the input.
  const foreign = await call('https://attacker.example');
  expect(foreign.status).toBe(200);
  expect(foreign.result).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('attacker') });
});

test("the Dockerfile's HEALTHCHECK passes against the running server", async () => {
  test.skip(!existsSync('app/api/health/route.ts'), 'needs app/api/health (GET, 200 without sign-in)');
  const stage = readRuntimeStage();
  const [program, ...args] = stage.healthcheck;
  expect(program).toBe('node');
  const check = spawnSync(process.execPath, args, {
    cwd: runtime,
    uid: stage.uid,
    gid: stage.gid,
    env: app.env,
    timeout: 10_000,
  });
  expect(check.status).toBe(0);
});
