import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../scripts/embedded-postgres';
import { sleep } from '../scripts/process-control';
import { cliBundle } from './cli-bundle';
import { expect, test } from './fixtures';
import { bootstrapAdminToken, createToken, uniqueName } from './service-tokens';
import { backendAlive, backendStartOf } from './signal-evidence';
import { appSessions } from './sessions';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command line in the clone, piped (so JSON by default), with PGWARDEN_URL/TOKEN as given. */
function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<Run> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PGWARDEN_CLUSTER: undefined, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** `npx pgwarden` as a clone runs it: bin/pgwarden.js compiling the TypeScript through tsx (seconds per call). */
const pgwardenFromClone = (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, [path.join(ROOT, 'bin', 'pgwarden.js'), ...args], env);

/** The same CLI prebuilt once (e2e/cli-bundle.ts): a fresh node process per call, without tsx's start-up. */
const pgwarden = async (args: string[], env: Record<string, string | undefined>) =>
  run(process.execPath, [await cliBundle(), ...args], env);

/** The runbook finds what has been idle in transaction for more than 30 s. */
const RUNBOOK_IDLE_MS = 31_000;

/** The first ```sh block of the README's "## Runbook" section, exactly as written. */
function readmeRunbook(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Runbook$/m)[1]?.split(/^## /m)[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no ```sh block under "## Runbook"');
  return block;
}

test.describe('the pgwarden command line', () => {
  // The runbook's npx calls start tsx (a few seconds each on a busy machine).
  test.describe.configure({ timeout: 90_000 });
  const bag = appSessions();
  let env: { admin: Record<string, string>; operator: Record<string, string>; viewer: Record<string, string> };
  let admin: string;
  // Opened first, so the 30 s the runbook needs pass while the other tests run.
  let forgotten: { pid: number; since: number };

  test.beforeAll(async ({ browser, baseURL }) => {
    forgotten = { pid: await bag.idleInTransaction('psql'), since: Date.now() };
    admin = await bootstrapAdminToken(browser, baseURL!);
    const make = async (role: 'operator' | 'viewer' | 'admin') => ({
      PGWARDEN_URL: baseURL!,
      PGWARDEN_TOKEN: await createToken(baseURL!, admin, {
        name: uniqueName(`e2e-cli-${role}`),
        role,
        clusters: ['main'],
      }),
    });
    env = { admin: await make('admin'), operator: await make('operator'), viewer: await make('viewer') };
  });

  async function waitListed(application: string, count: number) {
    await expect
      .poll(
        async () => {
          const listed = await pgwarden(['sessions', '--app', application], env.viewer);
          return (JSON.parse(listed.stdout) as { sessions: unknown[] }).sessions.length;
        },
        { timeout: 30_000 },
      )
      .toBe(count);
  }

  test('help lists every command, option and the exit codes', async () => {
    const help = await pgwardenFromClone(['--help'], {});
    expect(help.code).toBe(0);
    for (const text of [
      'sessions',
      'blocking',
      'cancel',
      'terminate',
      'tokens',
      'PGWARDEN_URL',
      'PGWARDEN_TOKEN',
      'Exit codes',
    ]) {
      expect(help.stdout).toContain(text);
    }
    const terminate = await pgwarden(['terminate', '--help'], {});
    expect(terminate.code).toBe(0);
    for (const option of [
      '--cluster',
      '--state',
      '--user',
      '--app',
      '--min',
      '--search',
      '--pid',
      '--dry-run',
      '--yes',
      '--confirm',
      '--timeout',
    ]) {
      expect(terminate.stdout).toContain(option);
    }
    expect((await pgwarden(['tokens', 'create', '--help'], {})).stdout).toContain('--expires');
  });

  test('lists sessions as a table and as JSON', async () => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e cli list */', 'e2e-cli-list');
    await waitListed('e2e-cli-list', 1);
    const table = await pgwarden(['-o', 'table', 'sessions', '--app', 'e2e-cli-list'], env.viewer);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^PID\s+USER\s+DATABASE\s+APPLICATION\s+STATE/);
    expect(table.stdout).toMatch(new RegExp(`^${pid}\\s.*e2e-cli-list\\s+active.*e2e cli list`, 'm'));
    const listedOver = async (min: string) => {
      const json = await pgwarden(['sessions', '--app', 'e2e-cli-list', '--min', min], env.viewer);
      expect(json.code).toBe(0);
      return JSON.parse(json.stdout).sessions as { pid: number; applicationName: string }[];
    };
    expect(await listedOver('10m')).toEqual([]);
    // The query may be younger than a second in the first snapshots after it started.
    await expect
      .poll(() => listedOver('1s'), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ pid, applicationName: 'e2e-cli-list' })]);
  });

  test('terminates by pid, and exits 1 when the backend does not go', async ({ db }) => {
    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e cli pid */', 'e2e-cli-pid');
    await waitListed('e2e-cli-pid', 1);
    const done = await pgwarden(['terminate', '--pid', String(pid)], env.operator);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).results).toEqual([expect.objectContaining({ pid, outcome: 'terminated' })]);
    expect(await backendAlive(db, { pid, backendStart })).toBe(false);

    const stuck = await bag.busy('select pg_sleep(600) /* e2e cli stuck */', 'e2e-cli-stuck');
    await waitListed('e2e-cli-stuck', 1);
    process.kill(stuck.pid, 'SIGSTOP');
    try {
      const slow = await pgwarden(['terminate', '--pid', String(stuck.pid), '--timeout', '1s'], env.operator);
      expect(slow.code).toBe(1);
      expect(JSON.parse(slow.stdout).results).toEqual([expect.objectContaining({ outcome: 'still_running' })]);
    } finally {
      process.kill(stuck.pid, 'SIGCONT');
    }
  });

  test('a filter is a dry run until --yes, and more than 10 sessions need --confirm', async ({ db }) => {
    const pids: number[] = [];
    for (let i = 0; i < 12; i++) pids.push(await bag.idleInTransaction('e2e-cli-bulk'));
    await waitListed('e2e-cli-bulk', 12);
    const filter = ['terminate', '--app', 'e2e-cli-bulk', '--state', 'idle in transaction'];
    const dry = await pgwarden(['-o', 'table', ...filter], env.admin);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Dry run: 12 session(s) on main would be terminated; nothing was signalled.');
    expect(dry.stderr).toContain('--yes --confirm 12');
    for (const pid of pids) expect(dry.stdout).toContain(String(pid));
    const starts = await Promise.all(pids.map(async (pid) => ({ pid, backendStart: await backendStartOf(db, pid) })));
    for (const target of starts) expect(await backendAlive(db, target)).toBe(true);

    const unconfirmed = await pgwarden([...filter, '--yes'], env.admin);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/Type 12 or main to confirm|confirm/);
    const done = await pgwarden([...filter, '--yes', '--confirm', '12'], env.admin);
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout).results).toHaveLength(12);
    for (const target of starts) expect(await backendAlive(db, target)).toBe(false);
  });

  test('exit codes: 2 for refusals and bad input, 3 when pgwarden or the cluster cannot be reached', async ({
    baseURL,
  }) => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e cli viewer */', 'e2e-cli-viewer');
    await waitListed('e2e-cli-viewer', 1);
    const viewer = await pgwarden(['terminate', '--pid', String(pid)], env.viewer);
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toContain('forbidden');
    expect((await pgwarden(['sessions'], { PGWARDEN_URL: baseURL!, PGWARDEN_TOKEN: undefined })).code).toBe(2);
    expect((await pgwarden(['sessions'], { PGWARDEN_URL: baseURL!, PGWARDEN_TOKEN: 'pgw_nonsense' })).code).toBe(2);
    expect((await pgwarden(['sessions', '--min', 'soon'], env.viewer)).code).toBe(2);
    expect((await pgwarden(['terminate'], env.operator)).code).toBe(2);
    expect((await pgwarden(['sessions', '--cluster', 'nope'], env.viewer)).code).toBe(2);

    const closed = await findFreePort(3990);
    const away = await pgwarden(['sessions'], { ...env.viewer, PGWARDEN_URL: `http://127.0.0.1:${closed}` });
    expect(away.code).toBe(3);
    expect(away.stderr).toContain('Cannot reach pgwarden');
    const flaky = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-cli-flaky'),
      role: 'viewer',
      clusters: ['flaky'],
    });
    const down = await pgwarden(['sessions'], { PGWARDEN_URL: baseURL!, PGWARDEN_TOKEN: flaky });
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach flaky');
  });

  test('an admin creates, lists and revokes a token with the CLI', async ({ baseURL }) => {
    const name = uniqueName('e2e-cli-made');
    const created = await pgwarden(
      ['tokens', 'create', name, '--role', 'viewer', '--clusters', 'main', '--expires', '2h'],
      env.admin,
    );
    expect(created.code, created.stderr).toBe(0);
    const { secret } = JSON.parse(created.stdout) as { secret: string };
    const fresh = { PGWARDEN_URL: baseURL!, PGWARDEN_TOKEN: secret };
    expect((await pgwarden(['sessions'], fresh)).code).toBe(0);
    const listed = await pgwarden(['-o', 'table', 'tokens', 'list'], env.admin);
    expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+viewer\\s+main\\s+active`, 'm'));
    expect((await pgwarden(['tokens', 'revoke', name], env.admin)).code).toBe(0);
    const refused = await pgwarden(['sessions'], fresh);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('revoked');
    expect((await pgwarden(['tokens', 'list'], env.operator)).code).toBe(2);
  });

  test("the README's runbook works as written", async ({ db }) => {
    const backendStart = await backendStartOf(db, forgotten.pid);
    await sleep(Math.max(0, forgotten.since + RUNBOOK_IDLE_MS - Date.now()));
    const runbook = await run('bash', ['-e', '-o', 'pipefail', '-c', readmeRunbook()], env.operator);
    expect(runbook.code, runbook.stderr).toBe(0);
    expect(runbook.stdout).toContain(String(forgotten.pid));
    expect(runbook.stderr).toContain('Dry run: 1 session(s) on main would be terminated');
    expect(runbook.stdout).toMatch(/"outcome": "terminated"/);
    expect(await backendAlive(db, { pid: forgotten.pid, backendStart })).toBe(false);
  });
});
