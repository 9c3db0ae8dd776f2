// Local users from the config sign in with email and password; the session cookie lasts auth.sessionMaxAgeHours.
import { readFileSync } from 'node:fs';
import { decode } from 'next-auth/jwt';
import { expect, passwordOf, test } from './fixtures';
import { SESSION_COOKIE } from './session-cookie';

test('an operator signs in with email and password, lands on the fleet overview as operator on main, and signs out', async ({
  page,
  signIn,
}) => {
  await signIn('operator@e2e.test');

  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByRole('heading', { name: 'Fleet overview' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toContainText('operator@e2e.test');
  await expect(page.getByTestId('current-role')).toHaveText('operator on main');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await page.goto('/clusters/main/sessions');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

test('a wrong password, or an unknown email, says so and signs nobody in', async ({ page }) => {
  for (const [email, password] of [
    ['operator@e2e.test', `${passwordOf('operator@e2e.test')}-wrong`],
    ['stranger@e2e.test', passwordOf('operator@e2e.test')],
  ]) {
    await page.goto('/signin?callbackUrl=%2Fclusters%2Fmain%2Fsessions');
    await page.getByLabel('Email').fill(email!);
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/signin/);
    expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
  }
});

test('the session cookie and its token expire after auth.sessionMaxAgeHours, and the token carries no role', async ({
  page,
  signIn,
  appConfigPath,
  authSecret,
}) => {
  const hours = (JSON.parse(readFileSync(appConfigPath, 'utf8')) as { auth: { sessionMaxAgeHours: number } }).auth
    .sessionMaxAgeHours;
  const signedInAt = Date.now() / 1000;
  await signIn('viewer@e2e.test');

  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === SESSION_COOKIE)!;
  expect(cookie.expires).toBeGreaterThan(signedInAt + hours * 3600 - 60);
  expect(cookie.expires).toBeLessThan(Date.now() / 1000 + hours * 3600 + 60);
  const token = (await decode({ token: cookie.value, secret: authSecret })) as { exp: number; iat: number };
  expect(token.exp - token.iat).toBe(hours * 3600);
  // Roles are looked up on every request, never remembered in the cookie.
  expect(Object.keys(token)).not.toContain('role');
});
