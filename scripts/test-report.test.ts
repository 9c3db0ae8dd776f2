import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = resolve('scripts/test-report.mjs');
let dir: string;

async function runner(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  await run(join(dir, 'node_modules/.bin', command), args, { cwd: dir, env: { ...process.env, CI: '', ...env } }).catch(
    () => undefined, // the fixtures fail on purpose
  );
}

async function report(command: 'counts' | 'failures', kind: string, file: string) {
  const { stdout } = await run(process.execPath, [script, command, kind, file], { cwd: dir });
  return stdout.trim().split('\n');
}

// The real runners write the reports, from a fixture with one failing and one passing test each.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgwarden-test-report-'));
  await symlink(resolve('node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.mjs'] } };\n`);
  await writeFile(
    join(dir, 'fixture.test.mjs'),
    `import { describe, expect, test } from 'vitest';
describe('a group', () => {
  test('breaks', () => { expect(1, 'the vitest reason').toBe(2); });
  test('holds', () => {});
});\n`,
  );
  await writeFile(join(dir, 'playwright.config.mjs'), `export default { testDir: '.', testMatch: '*.spec.mjs' };\n`);
  await writeFile(
    join(dir, 'fixture.spec.mjs'),
    `import { expect, test } from '@playwright/test';
test.describe('a flow', () => {
  test('breaks', () => { expect('x', 'the playwright reason').toBe('y'); });
});
test('holds', () => {});\n`,
  );
  await Promise.all([
    runner('vitest', ['run', '--reporter=json', '--outputFile.json=vitest.json']),
    runner('playwright', ['test', '--reporter=json'], { PLAYWRIGHT_JSON_OUTPUT_FILE: join(dir, 'playwright.json') }),
  ]);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the test report reader of npm test', () => {
  it('counts and names the failed vitest test with the first line of its error', async () => {
    expect(await report('counts', 'vitest', 'vitest.json')).toEqual(['1 1']);
    expect(await report('failures', 'vitest', 'vitest.json')).toEqual([
      expect.stringMatching(/^fixture\.test\.mjs > a group breaks: AssertionError: the vitest reason/),
    ]);
  });

  it('counts and names the failed Playwright test with its file, line, describe and error', async () => {
    expect(await report('counts', 'playwright', 'playwright.json')).toEqual(['1 1']);
    expect(await report('failures', 'playwright', 'playwright.json')).toEqual([
      expect.stringMatching(/^fixture\.spec\.mjs:3 > a flow > breaks: Error: the playwright reason/),
    ]);
  });

  it('reads a missing report as no tests and no failures', async () => {
    expect(await report('counts', 'vitest', 'missing.json')).toEqual(['0 0']);
    expect(await report('failures', 'playwright', 'missing.json')).toEqual(['']);
  });
});
