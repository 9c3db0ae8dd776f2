// Guessing passwords is slow: after auth.signInThrottle.maxFailuresPerAccount (5 by default) wrong passwords an
// account is refused for a while, even with the right password, and says until when; other accounts sign in.
import { expect, passwordOf, test } from './fixtures';
import { logMark, parsed } from './app-log';
import { postCredentials } from './credentials-sign-in';
import { SESSION_COOKIE } from './session-cookie';
import { connect } from '../test/pg-helpers';

const ACCOUNT = 'locked-out@e2e.test';
const MESSAGE = /^Too many failed sign-ins for this account\. Try again in 1 minute \(at \d\d:\d\d UTC\)\.$/;

async function forgetFailures(stateDatabaseUrl: string) {
  const client = await connect(stateDatabaseUrl);
  try {
    // The app creates the table with its first use of the state database, which may not have happened yet.
    await client.query(
      `do $$ begin if to_regclass('sign_in_throttle') is not null then delete from sign_in_throttle; end if; end $$`,
    );
  } finally {
    await client.end();
  }
}

test.beforeEach(({ stateDatabaseUrl }) => forgetFailures(stateDatabaseUrl));
test.afterAll(({ stateDatabaseUrl }) => forgetFailures(stateDatabaseUrl));

test('50 wrong passwords over HTTP: the 5th blocks the account, the right password is then refused too, another account still signs in', async ({
  request,
  playwright,
  baseURL,
  appConfigPath,
}) => {
  const log = logMark(appConfigPath);
  const started = Date.now();
  const answers = [];
  for (let i = 0; i < 50; i++) answers.push(await postCredentials(request, ACCOUNT, `wrong-${i}`));
  const seconds = (Date.now() - started) / 1000;

  expect(answers.every((answer) => answer.status === 401)).toBe(true);
  expect(answers.slice(0, 4).map((answer) => answer.error)).toEqual(Array(4).fill('CredentialsSignin'));
  for (const answer of answers.slice(4)) expect(answer.error).toMatch(/^SignInThrottled:account:\d+:\d+$/);

  expect((await postCredentials(request, ACCOUNT, passwordOf(ACCOUNT))).error).toMatch(/^SignInThrottled:account:/);

  const other = await playwright.request.newContext({ baseURL });
  expect(await postCredentials(other, 'viewer@e2e.test', passwordOf('viewer@e2e.test'))).toEqual({
    status: 200,
    error: null,
  });
  expect((await other.storageState()).cookies.map((cookie) => cookie.name)).toContain(SESSION_COOKIE);
  await other.dispose();

  // One line per throttled attempt (45 wrong ones after the block, then the right one), never a password.
  const events = parsed(log.lines());
  const throttled = events.filter((event) => event.event === 'sign_in_throttled');
  expect(throttled).toHaveLength(46);
  expect(throttled[0]).toMatchObject({ account: ACCOUNT, address: '127.0.0.1', scope: 'account' });
  expect(throttled[0]!.retryAfterSeconds).toBeGreaterThan(0);
  expect(log.lines().join('\n')).not.toContain(passwordOf(ACCOUNT));
  expect(log.lines().join('\n')).not.toContain('wrong-1');
  test.info().annotations.push({ type: 'timing', description: `51 attempts over HTTP in ${seconds.toFixed(1)} s` });
});

test('the sign-in page says when to try again and keeps the email typed', async ({ page }) => {
  await page.goto('/signin?callbackUrl=%2F');
  const email = page.getByLabel('Email');
  const password = page.getByLabel('Password');
  const alert = page.getByRole('main').getByRole('alert');
  await email.fill(ACCOUNT);
  for (let i = 0; i < 4; i++) {
    await password.fill(`wrong-${i}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(alert).toHaveText('Wrong email or password.');
  }
  await password.fill('wrong-4');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(alert).toHaveText(MESSAGE);

  await password.fill(passwordOf(ACCOUNT));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(alert).toHaveText(MESSAGE);
  await expect(email).toHaveValue(ACCOUNT);
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
});
