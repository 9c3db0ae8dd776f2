// The demo launcher's lifecycle (without the console: PGWARDEN_DEMO_SKIP_APP=1) — started as `npm run demo` starts
// it, stopped with SIGINT, leaving no process behind.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/config/load';
import { isAlive, sleep } from './process-control';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
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
