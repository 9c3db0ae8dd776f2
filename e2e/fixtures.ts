// Playwright fixtures: import `test` and `expect` from here, not from @playwright/test.
//
//   import { test, expect } from './fixtures';
//   test('...', async ({ page, superuserUrl, db }) => { ... });
//
// Values come from e2e/global-setup.ts through E2E_* environment variables (see prepareApp in e2e/app-under-test.ts).
import { test as base, expect, type Page } from '@playwright/test';
import type pg from 'pg';
import { connect } from '../test/pg-helpers';
import { watchCspViolations } from './csp-guard';
import { OIDC_ACCOUNTS, OIDC_PROVIDER_NAME, type OidcAccountName } from './oidc-accounts';

export { expect };

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the e2e tests through playwright.config.ts (its global setup sets it)`);
  return value;
}

export interface E2EWorkerFixtures {
  /** Superuser URL of the e2e PostgreSQL 18 (database "postgres"), which is also the "main" cluster of the app. */
  superuserUrl: string;
  /** URL of the app's state database (pgwarden_state). */
  stateDatabaseUrl: string;
  /** Path of the pgwarden config file the app was started with. */
  appConfigPath: string;
  /** The app's next-auth secret, to mint session cookies (e2e/session-cookie.ts). */
  authSecret: string;
}

export interface E2ETestFixtures {
  /** A superuser pg.Client on the "main" cluster, closed after the test. */
  db: pg.Client;
  /** Signs the page in as a local user of e2e/app-under-test.ts (admin@, operator@, viewer@ or nobody@e2e.test). */
  signIn: (email: E2EUser, returnTo?: string) => Promise<void>;
  /** Signs the page in through the e2e OpenID Connect provider, as one of e2e/oidc-accounts.ts. */
  signInWithOidc: (account: OidcAccountName, returnTo?: string) => Promise<void>;
  /**
   * The CSP violations seen so far in the test's browser context; any left at the end fail the test. A spec that
   * provokes one on purpose takes it out with `cspViolations.splice(0)` and checks it.
   */
  cspViolations: string[];
}

export type E2EUser =
  'admin@e2e.test' | 'operator@e2e.test' | 'viewer@e2e.test' | 'nobody@e2e.test' | 'locked-out@e2e.test';

export function passwordOf(email: E2EUser): string {
  const users = JSON.parse(requireEnv('E2E_USERS')) as Record<string, string>;
  return users[email]!;
}

async function signInThroughForm(page: Page, email: E2EUser, returnTo = '/') {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(passwordOf(email));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Clicks "Sign in with …", then completes the provider's own login and consent pages, back to the app. */
async function signInThroughOidc(page: Page, appOrigin: string, account: OidcAccountName, returnTo = '/') {
  await page.goto(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  await page.getByRole('button', { name: `Sign in with ${OIDC_PROVIDER_NAME}` }).click();
  await page.getByPlaceholder('Enter any login').fill(OIDC_ACCOUNTS[account].email);
  await page.getByPlaceholder('and password').fill('any password: the development login page checks none');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === appOrigin && !url.pathname.startsWith('/api/auth'));
}

export const test = base.extend<E2ETestFixtures, E2EWorkerFixtures>({
  // Overrides the config's `use.baseURL` so it is always the app started by global setup.
  baseURL: async ({}, use) => {
    await use(requireEnv('E2E_BASE_URL'));
  },
  superuserUrl: [async ({}, use) => use(requireEnv('E2E_SUPERUSER_URL')), { scope: 'worker' }],
  stateDatabaseUrl: [async ({}, use) => use(requireEnv('E2E_STATE_DATABASE_URL')), { scope: 'worker' }],
  appConfigPath: [async ({}, use) => use(requireEnv('E2E_CONFIG_PATH')), { scope: 'worker' }],
  authSecret: [async ({}, use) => use(requireEnv('E2E_AUTH_SECRET')), { scope: 'worker' }],
  signIn: async ({ page }, use) => {
    await use((email, returnTo) => signInThroughForm(page, email, returnTo));
  },
  signInWithOidc: async ({ page, baseURL }, use) => {
    await use((account, returnTo) => signInThroughOidc(page, baseURL!, account, returnTo));
  },
  cspViolations: [
    async ({ context }, use) => {
      const violations = await watchCspViolations(context);
      await use(violations);
      expect(violations, 'Content-Security-Policy violations in the browser').toEqual([]);
    },
    { auto: true },
  ],
  db: async ({ superuserUrl }, use) => {
    const client = await connect(superuserUrl, { application_name: 'pgwarden-e2e' });
    try {
      await use(client);
    } finally {
      await client.end().catch(() => {});
    }
  },
});
