// Signing in with a callbackUrl that points anywhere else lands on pgwarden's default page; a pgwarden view comes
// back with its filters. Each value goes through the real sign-in page, its form and next-auth, in Chromium.
//
// The hostile values share one browser page (signed out again before each), and each stops waiting once the browser
// is sent to its landing URL: that URL is what is under test; one value also waits for the signed-in page.
import type { BrowserContext, Page } from '@playwright/test';
import { watchCspViolations } from './csp-guard';
import { expect, passwordOf, test } from './fixtures';

/** pgwarden's default page: the fleet overview. */
const DEFAULT_PAGE = '/';

/** The query string after `/signin?callbackUrl=`, exactly as a link would carry it. */
const HOSTILE_QUERIES: Record<string, string> = {
  'tab after the first slash (the reported one)': '%2F%09%2Fevil.example',
  'line feed after the first slash': '%2F%0A%2Fevil.example',
  'carriage return after the first slash': '%2F%0D%2Fevil.example',
  'CR LF after the first slash': '%2F%0D%0A%2Fevil.example',
  'tab before a protocol-relative URL': '%09%2F%2Fevil.example',
  'space before a protocol-relative URL': '%20%2F%2Fevil.example',
  'protocol-relative URL': '%2F%2Fevil.example%2Fclusters%2Fmain%2Fsessions',
  'three slashes': '%2F%2F%2Fevil.example',
  'slash backslash': '%2F%5Cevil.example',
  'two backslashes': '%5C%5Cevil.example',
  'backslash slash': '%5C%2Fevil.example',
  'slash tab backslash': '%2F%09%5Cevil.example',
  'absolute http URL': 'http%3A%2F%2Fevil.example%2F',
  'absolute https URL, upper case': 'HTTPS%3A%2F%2FEVIL.EXAMPLE%2F',
  'unencoded protocol-relative URL': '//evil.example',
  'unencoded tab form': '/%09/evil.example',
  'pgwarden host as user info': 'http%3A%2F%2F127.0.0.1%40evil.example%2F',
  'javascript: URL': 'javascript%3Aalert(document.domain)',
  'javascript: URL with a tab inside': 'java%09script%3Aalert(document.domain)',
  'data: URL': 'data%3Atext%2Fhtml%2C%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'two callbackUrls, hostile first': '%2F%09%2Fevil.example&callbackUrl=%2Faudit',
};

/** The value that also waits for the signed-in page: the others stop at their landing URL. */
const FULLY_CHECKED = 'tab after the first slash (the reported one)';

/** Signs in through the form; resolves as soon as the browser is sent away from /signin (`commit`: no page load). */
async function signInFrom(page: Page, query: string) {
  await page.goto(`/signin?callbackUrl=${query}`);
  await page.getByLabel('Email').fill('viewer@e2e.test');
  await page.getByLabel('Password').fill(passwordOf('viewer@e2e.test'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { waitUntil: 'commit' });
}

/** One signed-out page for every value, guarded against the attacker's site, scripts and CSP violations. */
test.describe('after signing in', () => {
  let context: BrowserContext;
  let page: Page;
  let cspViolations: string[];

  test.beforeAll(async ({ browser, baseURL }) => {
    context = await browser.newContext({ baseURL });
    cspViolations = await watchCspViolations(context);
    // Were a value to escape, the browser would reach this stand-in for the attacker's site instead of failing on DNS.
    await context.route(
      (url) => url.hostname.endsWith('evil.example'),
      (route) => route.fulfill({ status: 200, contentType: 'text/html', body: 'evil' }),
    );
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      throw new Error(`a script ran on the page: ${dialog.message()}`);
    });
  });

  test.beforeEach(() => context.clearCookies());

  test.afterEach(() => {
    expect(cspViolations.splice(0), 'Content-Security-Policy violations in the browser').toEqual([]);
  });

  test.afterAll(() => context.close());

  for (const [name, query] of Object.entries(HOSTILE_QUERIES)) {
    test(`signing in with callbackUrl = ${name} lands on pgwarden's default page`, async ({ baseURL }) => {
      await signInFrom(page, query);
      const landed = new URL(page.url());
      expect(landed.origin).toBe(baseURL);
      expect(landed.pathname).toBe(DEFAULT_PAGE);
      if (name === FULLY_CHECKED) {
        await expect(page.getByTestId('signed-in-as')).toContainText('viewer@e2e.test');
      }
    });
  }
});

test('signing in with a pgwarden view as callbackUrl comes back to it with its filters', async ({ page, baseURL }) => {
  const view = '/clusters/main/sessions?application=e2e-return&hideIdle=1';
  await signInFrom(page, encodeURIComponent(view));
  await expect(page).toHaveURL(`${baseURL}${view}`);
  await expect(page.getByLabel('Application')).toHaveValue('e2e-return');
  await expect(page.getByLabel('Hide idle')).toBeChecked();
});
