// The demo launcher: its generated config and logins, its build check, and its lifecycle (without the console:
// PGWARDEN_DEMO_SKIP_APP=1) — started as `npm run demo` starts it, stopped with SIGINT, leaving no process behind.
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/config/load';
import { configSchema } from '../lib/config/schema';
import { buildNeeded, createDemoConfig, generateAuthSecret, generateLoginPassword } from './demo';
import { writePrivateFile } from './demo/private-file';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('demo config', () => {
  it('makes fresh, readable login passwords and a 48-character secret', () => {
    const passwords = new Set(Array.from({ length: 50 }, generateLoginPassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords)
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
    expect(generateAuthSecret()).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(generateAuthSecret()).not.toBe(generateAuthSecret());
  });

  it('is a valid pgwarden config whose bcrypt hashes accept the printed passwords', async () => {
    const input = {
      monitorUrl: 'postgres://pgwarden_monitor:x@127.0.0.1:54329/postgres',
      stateUrl: 'postgres://pgwarden_state:y@127.0.0.1:54329/pgwarden_state',
    };
    const { config, logins } = await createDemoConfig(input);
    const parsed = configSchema.parse(config);
    expect(parsed.clusters).toEqual([
      expect.objectContaining({ id: 'demo', name: 'Demo (embedded PostgreSQL 18)', url: input.monitorUrl }),
    ]);
    expect(parsed.stateDatabaseUrl).toBe(input.stateUrl);
    expect(parsed.auth.secret).toHaveLength(48);
    expect(parsed.auth.roles.map((grant) => [grant.role, grant.email])).toEqual([
      ['admin', 'admin@demo.local'],
      ['operator', 'operator@demo.local'],
      ['viewer', 'viewer@demo.local'],
    ]);
    expect(logins.map((login) => login.email)).toEqual([
      'admin@demo.local',
      'operator@demo.local',
      'viewer@demo.local',
    ]);
    for (const login of logins) {
      const user = parsed.auth.localUsers.find((u) => u.email === login.email)!;
      expect(bcrypt.compareSync(login.password, user.passwordHash)).toBe(true);
      expect(bcrypt.compareSync(`${login.password}x`, user.passwordHash)).toBe(false);
    }
    const again = await createDemoConfig(input);
    expect(again.logins[0]!.password).not.toBe(logins[0]!.password);

    // Through the real loader, from a 0600 file.
    const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-demo-config-'));
    temporary.push(dir);
    const file = path.join(dir, 'pgwarden.config.json');
    writePrivateFile(file, JSON.stringify(config));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseConfig({ PGWARDEN_CONFIG: file }).clusters[0]?.id).toBe('demo');
  });
});

describe('buildNeeded', () => {
  it('asks for a build when BUILD_ID is missing or older than a source file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pgwarden-demo-build-'));
    temporary.push(root);
    mkdirSync(path.join(root, 'app', 'nested'), { recursive: true });
    mkdirSync(path.join(root, 'lib'));
    mkdirSync(path.join(root, '.next'));
    const page = path.join(root, 'app', 'nested', 'page.tsx');
    writeFileSync(page, 'export default 1');
    writeFileSync(path.join(root, 'next.config.js'), '');
    expect(buildNeeded(root)).toMatch(/BUILD_ID is missing/);

    const buildId = path.join(root, '.next', 'BUILD_ID');
    writeFileSync(buildId, 'x');
    const old = new Date(Date.now() - 60_000);
    utimesSync(page, old, old);
    utimesSync(path.join(root, 'next.config.js'), old, old);
    expect(buildNeeded(root)).toBeNull();

    const later = new Date(Date.now() + 60_000);
    utimesSync(page, later, later);
    expect(buildNeeded(root)).toMatch(/^app\/ changed/);
    utimesSync(page, old, old);
    utimesSync(path.join(root, 'next.config.js'), later, later);
    expect(buildNeeded(root)).toMatch(/^next\.config\.js changed/);
  });
});

function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(text)) found.push(`${entry} ${cmdline}`);
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo (PGWARDEN_DEMO_SKIP_APP=1)', () => {
  it('starts PostgreSQL and the workload, prints the logins, and stops everything on SIGINT', async () => {
    mkdirSync(path.join(ROOT, '.pgwarden'), { recursive: true });
    const demoDir = mkdtempSync(path.join(ROOT, '.pgwarden', 'test-demo-launcher-'));
    temporary.push(demoDir);
    const loginsFile = path.join(demoDir, 'logins.json');
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/demo.ts'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PGWARDEN_DEMO_SKIP_APP: '1',
          PGWARDEN_DEMO_DIR: demoDir,
          PGWARDEN_DEMO_LOGINS_FILE: loginsFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let launcher: number[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await sleep(200);
      expect(output).toContain('Press Ctrl-C');

      // The printed logins are the ones in the logins file, and the config file is private.
      const { url, logins } = JSON.parse(readFileSync(loginsFile, 'utf8')) as {
        url: string | null;
        logins: Array<{ email: string; password: string }>;
      };
      expect(url).toBeNull();
      expect(logins).toHaveLength(3);
      for (const login of logins) expect(output).toContain(login.password);
      const configFile = path.join(demoDir, 'pgwarden.config.json');
      expect(statSync(configFile).mode & 0o777).toBe(0o600);
      expect(statSync(loginsFile).mode & 0o777).toBe(0o600);

      // The config's monitoring URL works and sees the workload.
      const config = parseConfig({ PGWARDEN_CONFIG: configFile });
      const client = new pg.Client({ connectionString: config.clusters[0]!.url });
      client.on('error', () => {});
      await client.connect();
      try {
        let apps = 0;
        for (let i = 0; i < 40 && apps < 3; i++) {
          const { rows } = await client.query<{ n: number }>(
            `SELECT count(DISTINCT application_name)::int AS n FROM pg_stat_activity WHERE datname = 'shop'`,
          );
          apps = rows[0]?.n ?? 0;
          if (apps < 3) await sleep(250);
        }
        expect(apps).toBeGreaterThanOrEqual(3);
      } finally {
        await client.end();
      }
      expect(processesMentioning(path.join(demoDir, 'data')).length).toBeGreaterThan(0);
      launcher = [child.pid!, ...childrenOf(child.pid!)];
      expect(launcher.length).toBeGreaterThan(1); // tsx runs the script in a child node process
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('Stopped.');
    expect(processesMentioning(path.join(demoDir, 'data'))).toEqual([]);
    expect(launcher.filter(isAlive)).toEqual([]);
  }, 90_000);
});
