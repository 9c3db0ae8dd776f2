// When the demo rebuilds the console: only when .next/BUILD_ID is missing or older than a source file.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNeeded } from './console-build';

const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
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
