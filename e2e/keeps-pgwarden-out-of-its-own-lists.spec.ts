import { withClient } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

const bag = appSessions();
test.beforeAll(async () => {
  await bag.busy('select pg_sleep(300) /* e2e someone else */', 'e2e-someone-else');
});

test('an admin sees none of pgwarden’s own connections, its state database’s included, and cannot signal them', async ({
  page,
  signIn,
  superuserUrl,
}) => {
  await signIn('admin@e2e.test', '/clusters/main/sessions');
  // The e2e state database lives on the monitored cluster, as in the demo; the server keeps one connection open.
  const ownConnections = () =>
    withClient(superuserUrl, async (client) => {
      const { rows } = await client.query<{ pid: number; application_name: string }>(
        "select pid, application_name from pg_stat_activity where application_name in ('pgwarden', 'pgwarden-state')",
      );
      return rows;
    });
  await expect
    .poll(async () => (await ownConnections()).some((row) => row.application_name === 'pgwarden-state'))
    .toBe(true);
  const own = await ownConnections();
  const state = own.filter((row) => row.application_name === 'pgwarden-state').map((row) => row.pid);

  await expect(page.getByTestId('session-row').first()).toBeVisible();
  for (const { pid } of own) await expect(rowOf(page, pid)).toHaveCount(0);

  // The filter lives in the URL: the box changes once the page has navigated.
  await page.getByLabel('Hide pgwarden').click();
  await expect(page).toHaveURL(/showPgwarden/);
  for (const pid of state) {
    await expect(rowOf(page, pid)).toBeVisible();
    await expect(rowOf(page, pid).getByRole('button', { name: /Terminate session|Cancel query/ })).toHaveCount(0);
  }

  await page.goto('/clusters/main/owners?by=application');
  await expect(page.locator('[data-testid="owner-group"][data-key="e2e-someone-else"]')).toBeVisible();
  await expect(page.locator('[data-testid="owner-group"][data-key="pgwarden-state"]')).toHaveCount(0);
});
