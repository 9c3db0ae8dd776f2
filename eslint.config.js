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
    // Playwright fixtures are written `async ({}, use) => { await use(value) }`: not React, whatever the names say.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
]);
