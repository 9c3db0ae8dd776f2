import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../scripts/embedded-postgres';
import type { AppConfigInput } from './app-under-test';
import { leakedSecrets, secretsOf } from './config-secrets';
import { cookieHeader, postTerminate, sleepingTarget } from './direct-terminate';
import { expect, test } from './fixtures';
import { sessionCookieOf } from './session-cookie';
import { appSessions } from './sessions';

const PROMETHEUS = '/usr/bin/prometheus';

interface PrometheusHandle {
  url: string;
  stop(): Promise<void>;
}

interface QueryAnswer {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A real Prometheus of its own (temp storage, free port) scraping pgwarden every second with the bearer token. */
async function startPrometheus(app: URL, token: string): Promise<PrometheusHandle> {
  if (!existsSync(PROMETHEUS)) {
    throw new Error(`${PROMETHEUS} is missing: apt-get install prometheus (npm test installs it on Debian)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-prometheus-'));
  const port = await findFreePort(9190);
  const configFile = path.join(dir, 'prometheus.yml');
  // JSON is YAML: the scrape_config a user would write, with the token as the bearer credentials.
  const scrapeConfig = {
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: [
      {
        job_name: 'pgwarden',
        metrics_path: '/metrics',
        authorization: { type: 'Bearer', credentials: token },
        static_configs: [{ targets: [app.host] }],
      },
    ],
  };
  writeFileSync(configFile, JSON.stringify(scrapeConfig), { mode: 0o600 });
  const child = spawn(
    PROMETHEUS,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`Prometheus did not become ready on ${url}:\n${output.slice(-2000)}`);
}

function appConfig(file: string): AppConfigInput {
  return JSON.parse(readFileSync(file, 'utf8')) as AppConfigInput;
}

/** One sample of /metrics, read with the token; 0 when the series does not exist yet. */
async function scrapedValue(baseURL: string, token: string, series: string): Promise<number> {
  const response = await fetch(`${baseURL}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  const line = (await response.text()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const bag = appSessions();

test('Prometheus scrapes /metrics with the bearer token and returns pgwarden series', async ({
  baseURL,
  appConfigPath,
}) => {
  test.setTimeout(90_000);
  const token = appConfig(appConfigPath).metrics!.token!;
  const prometheus = await startPrometheus(new URL(baseURL!), token);
  try {
    const query = async (promql: string) => {
      const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      return ((await response.json()) as QueryAnswer).data.result;
    };
    await expect
      .poll(async () => (await query('pgwarden_cluster_up{cluster="main"}'))[0]?.value[1], { timeout: 30_000 })
      .toBe('1');
    // Prometheus's own verdict on the scrape: the token was accepted and the text parsed.
    expect((await query('up{job="pgwarden"}'))[0]?.value[1]).toBe('1');

    const sessions = await query('pgwarden_sessions{cluster="main"}');
    const byState = Object.fromEntries(sessions.map(({ metric, value }) => [metric.state, Number(value[1])]));
    expect(Object.keys(byState)).toEqual(expect.arrayContaining(['active', 'idle', 'idle in transaction']));
    // pgwarden's own two connections are client backends of the main cluster.
    expect(byState.idle! + byState.active!).toBeGreaterThanOrEqual(1);
    for (const { metric } of sessions)
      expect(Object.keys(metric).sort()).toEqual(['__name__', 'cluster', 'instance', 'job', 'state']);

    const max = await query('pgwarden_max_connections{cluster="main"}');
    expect(Number(max[0]?.value[1])).toBe(300);
    expect((await query('pgwarden_sample_duration_seconds_count{cluster="main"}')).length).toBe(1);
    expect((await query('process_resident_memory_bytes{job="pgwarden"}')).length).toBe(1);
  } finally {
    await prometheus.stop();
  }
});

test('/metrics needs the token; /metrics, /api/health and /api/ready show no URL, user, password or token', async ({
  baseURL,
  appConfigPath,
}) => {
  const config = appConfig(appConfigPath);
  const secrets = secretsOf(config);
  expect(secrets.length).toBeGreaterThan(8);

  const anonymous = await fetch(`${baseURL}/metrics`);
  expect(anonymous.status).toBe(401);
  const wrong = await fetch(`${baseURL}/metrics`, { headers: { authorization: `Bearer ${'x'.repeat(43)}` } });
  expect(wrong.status).toBe(401);

  const scraped = await fetch(`${baseURL}/metrics`, { headers: { authorization: `Bearer ${config.metrics!.token}` } });
  expect(scraped.status).toBe(200);
  const health = await fetch(`${baseURL}/api/health`);
  expect(health.status).toBe(200);
  const healthBody = await health.text();
  expect(JSON.parse(healthBody)).toEqual({ status: 'ok' });
  const ready = await fetch(`${baseURL}/api/ready`);
  expect(ready.status).toBe(200);

  for (const [name, body] of [
    ['metrics', await scraped.text()],
    ['health', healthBody],
    ['ready', await ready.text()],
    ['metrics without token', await anonymous.text()],
  ] as const) {
    expect(leakedSecrets(body, secrets), name).toEqual([]);
  }
});

test('a terminate and a refused sign-in are counted', async ({ page, request, signIn, baseURL, appConfigPath }) => {
  const token = appConfig(appConfigPath).metrics!.token!;
  const terminated = 'pgwarden_signals_total{cluster="main",action="terminate",outcome="terminated"}';
  const refusedSignIns = 'pgwarden_sign_in_failures_total{provider="local",reason="wrong_password"}';
  const before = {
    terminated: await scrapedValue(baseURL!, token, terminated),
    refusedSignIns: await scrapedValue(baseURL!, token, refusedSignIns),
  };

  await page.goto('/signin');
  await page.getByLabel('Email').fill('operator@e2e.test');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect.poll(() => scrapedValue(baseURL!, token, refusedSignIns)).toBe(before.refusedSignIns + 1);

  const target = await sleepingTarget(bag);
  await signIn('operator@e2e.test', '/clusters/main/sessions');
  const answer = await postTerminate(request, target, {
    Origin: baseURL!,
    ...cookieHeader(await sessionCookieOf(page.context())),
  });
  expect(answer.result).toMatchObject({ ok: true, data: { results: [{ outcome: 'terminated' }] } });
  expect(await scrapedValue(baseURL!, token, terminated)).toBe(before.terminated + 1);
});
