import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = resolve('scripts/test-report.mjs');
let dir: string;

async function runner(command: string, args: string[], env: Record<string, string> = {}) {
  await run(join(dir, 'node_modules/.bin', command), args, { cwd: dir, env: { ...process.env, CI: '', ...env } }).catch(
    () => undefined, // the fixtures fail on purpose
  );
}

async function report(command: 'counts' | 'failures' | 'flaky', kind: string, file: string) {
  const { stdout } = await run(process.execPath, [script, command, kind, file], { cwd: dir });
  return stdout.trim().split('\n');
}

// The real runners write the reports, from a fixture with a failing, a passing and a flaky test each (retried once).
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pgwarden-test-report-'));
  await symlink(resolve('node_modules'), join(dir, 'node_modules'));
  await writeFile(join(dir, 'vitest.config.mjs'), `export default { test: { include: ['*.test.mjs'], retry: 1 } };\n`);
  await writeFile(
    join(dir, 'fixture.test.mjs'),
    `import { describe, expect, test } from 'vitest';
describe('a group', () => {
  test('breaks', () => { expect(1, 'the vitest reason').toBe(2); });
  test('holds', () => {});
  let tries = 0;
  test('passes on its retry', () => { tries++; expect(tries, 'the first vitest try').toBe(2); });
});\n`,
  );
  await writeFile(
    join(dir, 'playwright.config.mjs'),
    `export default { testDir: '.', testMatch: '*.spec.mjs', retries: 1 };\n`,
  );
  await writeFile(
    join(dir, 'fixture.spec.mjs'),
    `import { expect, test } from '@playwright/test';
test.describe('a flow', () => {
  test('breaks', () => { expect('x', 'the playwright reason').toBe('y'); });
});
test('holds', () => {});
test('passes on its retry', ({}, testInfo) => { expect(testInfo.retry, 'the first playwright try').toBe(1); });\n`,
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
    expect(await report('counts', 'vitest', 'vitest.json')).toEqual(['2 1']);
    expect(await report('failures', 'vitest', 'vitest.json')).toEqual([
      expect.stringMatching(/^fixture\.test\.mjs > a group breaks: AssertionError: the vitest reason/),
    ]);
  });

  it('counts and names the failed Playwright test with its file, line, describe and error', async () => {
    expect(await report('counts', 'playwright', 'playwright.json')).toEqual(['2 1']);
    expect(await report('failures', 'playwright', 'playwright.json')).toEqual([
      expect.stringMatching(/^fixture\.spec\.mjs:3 > a flow > breaks: Error: the playwright reason/),
    ]);
  });

  it('names the tests that failed and then passed on their retry, in both runners', async () => {
    expect(await report('flaky', 'vitest', 'vitest.json')).toEqual([
      expect.stringMatching(/^fixture\.test\.mjs > a group passes on its retry: AssertionError: the first vitest try/),
    ]);
    expect(await report('flaky', 'playwright', 'playwright.json')).toEqual([
      expect.stringMatching(/^fixture\.spec\.mjs:6 > passes on its retry: Error: the first playwright try/),
    ]);
  });

  it('reads a missing report as no tests and no failures', async () => {
    expect(await report('counts', 'vitest', 'missing.json')).toEqual(['0 0']);
    expect(await report('failures', 'playwright', 'missing.json')).toEqual(['']);
  });
});
