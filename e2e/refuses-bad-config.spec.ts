import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findFreePort } from '../scripts/embedded-postgres';
import { expect, test } from './fixtures';

/** Starts the built console with a config file and returns how it ended and what it said. */
async function startWith(config: unknown): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-bad-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  const port = await findFreePort(3900);
  const env: NodeJS.ProcessEnv = { ...process.env, PGWARDEN_CONFIG: file, NEXT_TELEMETRY_DISABLED: '1' };
  delete env.NEXTAUTH_SECRET;
  const child = spawn('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], { env });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

const secret = 'x'.repeat(40);

test('a bad connection string stops start-up, naming the field and hiding the password', async () => {
  const { code, output } = await startWith({
    clusters: [{ id: 'prod', url: 'mysql://admin:hunter2@db/app' }],
    auth: { secret },
  });
  expect(code).toBe(1);
  expect(output).toContain('clusters.0.url');
  expect(output).not.toContain('hunter2');
});

test('a missing secret stops start-up and says how to make one', async () => {
  const { code, output } = await startWith({ clusters: [{ id: 'prod', url: 'postgres://u:p@127.0.0.1:1/app' }] });
  expect(code).toBe(1);
  expect(output).toContain('auth.secret is required');
});
