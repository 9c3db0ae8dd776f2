// Unit and integration tests (vitest). Browser tests live in e2e/ and run with Playwright.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      // `server-only` throws outside a React Server Component bundle; tests import those modules directly.
      { find: /^server-only$/, replacement: `${root}test/empty-module.ts` },
      { find: /^@\//, replacement: root },
    ],
  },
  test: {
    environment: 'node',
    include: [
      'lib/**/*.test.ts',
      'scripts/**/*.test.ts',
      'app/**/*.test.ts',
      'components/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
      // The e2e suite's own helpers; its browser specs (*.spec.ts) are Playwright's.
      'e2e/**/*.test.ts',
    ],
    exclude: ['e2e/**/*.spec.ts', 'node_modules/**', '.next/**', '.pgwarden/**'],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests share one PostgreSQL per version and open many backends: one test file at a time.
    fileParallelism: false,
    testTimeout: 30_000,
    // As Playwright does under CI: a test that fails once and then passes is listed as flaky by npm test, not lost.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
