// An expired session sends the user to sign-in, and signing in again brings them back to the same view, filters and all.
import type { Page } from '@playwright/test';
import { expect, passwordOf, test } from './fixtures';
import { mintSessionToken, SESSION_COOKIE } from './session-cookie';
import { appSessions, rowOf } from './sessions';

const FILTERED_VIEW = '/clusters/main/sessions?application=e2e-expiry&hideIdle=1';

const bag = appSessions();
let pid = 0;

test.beforeAll(async () => {
  pid = (await bag.busy('select pg_sleep(600) /* e2e expiry */', 'e2e-expiry')).pid;
});

async function expireSession(page: Page, secret: string, baseURL: string) {
  const expired = await mintSessionToken(secret, { email: 'operator@e2e.test' }, -3600);
  await page.context().addCookies([{ name: SESSION_COOKIE, value: expired, url: baseURL }]);
}

/** Signs in on the sign-in page the app sent us to, without choosing where to go next. */
async function signInAgain(page: Page) {
  await page.getByLabel('Email').fill('operator@e2e.test');
  await page.getByLabel('Password').fill(passwordOf('operator@e2e.test'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function expectFilteredView(page: Page, baseURL: string) {
  await expect(page).toHaveURL(`${baseURL}${FILTERED_VIEW}`);
  await expect(page.getByLabel('Application')).toHaveValue('e2e-expiry');
  await expect(page.getByLabel('Hide idle')).toBeChecked();
  await expect(rowOf(page, pid)).toBeVisible();
}

test('opening a page with an expired session cookie: sign in, then back to that page with its filters', async ({
  page,
  authSecret,
  baseURL,
}) => {
  await expireSession(page, authSecret, baseURL!);
  await page.goto(FILTERED_VIEW);
  await expect(page).toHaveURL(`${baseURL}/signin?callbackUrl=${encodeURIComponent(FILTERED_VIEW)}`);

  await signInAgain(page);
  await expectFilteredView(page, baseURL!);
});

test('a session that expires while the page is open: the live table sends to sign-in, then back to the same view', async ({
  page,
  signIn,
  authSecret,
  baseURL,
}) => {
  await signIn('operator@e2e.test', `${FILTERED_VIEW}&interval=1000`);
  await expect(rowOf(page, pid)).toBeVisible();

  await expireSession(page, authSecret, baseURL!);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);

  await signInAgain(page);
  await expect(page).toHaveURL(`${baseURL}${FILTERED_VIEW}&interval=1000`);
  await expect(page.getByLabel('Application')).toHaveValue('e2e-expiry');
  await expect(page.getByLabel('Hide idle')).toBeChecked();
});
