// ESLint flat config: Next.js core-web-vitals + typescript-eslint recommended. Formatting is left to Prettier.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

export default defineConfig([
  globalIgnores([
    '.next/**',
    'out/**',
    'build/**',
    'node_modules/**',
    '.pgwarden/**',
    'test-results/**',
    'playwright-report/**',
    'coverage/**',
    'next-env.d.ts',
  ]),
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      // Unused code is an error (lint runs with --max-warnings 0 anyway); `_name` marks deliberate ones.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      // Only matters with the React Compiler, which this app does not enable (it flags TanStack Table/Virtual hooks).
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // node-postgres closes a client released with an error: pgwarden's pools go through lib/pg/query.ts, so that a
    // failed statement never costs one of its few connections.
    files: ['lib/**/*.ts', 'app/**/*.ts', 'app/**/*.tsx'],
    ignores: ['lib/pg/query.ts', 'lib/pg/pools.ts', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(query|connect)$/][callee.object.name=/[pP]ool$/]',
          message: 'Use runQuery(pool, ...) or withPoolClient(pool, ...) from lib/pg/query.ts.',
        },
        {
          selector: 'CallExpression[callee.property.name=/^(query|connect)$/][callee.object.property.name=/[pP]ool$/]',
          message: 'Use runQuery(pool, ...) or withPoolClient(pool, ...) from lib/pg/query.ts.',
        },
      ],
    },
  },
  {
    // Console pages link with ConsoleLink, which does not prefetch (see there why).
    files: ['app/**/*.tsx', 'components/**/*.tsx'],
    ignores: ['components/layout/console-link.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'next/link', message: 'Use ConsoleLink from components/layout/console-link.tsx.' }] },
      ],
    },
  },
  {
    // Playwright fixtures are written `async ({}, use) => { await use(value) }`: not React, whatever the names say.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
]);
