// Single sign-on through a real OpenID Connect provider (e2e/oidc-provider.ts): its own login and consent pages, then
// the role pgwarden's config gives the account's groups, per cluster.
import { expect, test } from './fixtures';
import { OIDC_PROVIDER_NAME } from './oidc-accounts';
import { SESSION_COOKIE } from './session-cookie';

test('an on-call engineer in group dba signs in through the provider, is operator on main, and signs out', async ({
  page,
  signInWithOidc,
}) => {
  await signInWithOidc('oncall', '/');

  // The landing page is the fleet overview, with a card for the cluster the groups give a role on.
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('fleet-card-name')).toHaveText(['Main']);
  await expect(page.getByTestId('signed-in-as')).toContainText('On-call Engineer');
  await expect(page.getByTestId('current-role')).toHaveText('operator on main');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('button', { name: `Sign in with ${OIDC_PROVIDER_NAME}` })).toBeVisible();
  await page.goto('/clusters/main/sessions');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
});

test('a lead in group leads is viewer on main only: the grant names that cluster', async ({ page, signInWithOidc }) => {
  await signInWithOidc('lead', '/clusters/main/sessions');

  await expect(page.getByTestId('current-role')).toHaveText('viewer on main');
  await expect(page.getByRole('navigation', { name: 'Clusters' }).getByRole('link')).toHaveText(['Main']);
  await page.goto('/clusters/flaky/sessions');
  await expect(page).toHaveURL(/\/denied$/);
});

test('an account whose email the provider has not verified is refused at sign-in, though that address has a role', async ({
  page,
  signInWithOidc,
}) => {
  await signInWithOidc('impostor', '/clusters/main/sessions');

  await expect(page).toHaveURL(/\/signin\?.*error=AccessDenied/);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('no verified email address');
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(SESSION_COOKIE);
});
