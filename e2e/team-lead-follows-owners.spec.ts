import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

test.describe('a team lead', () => {
  const bag = appSessions();
  const pids: number[] = [];

  test.beforeAll(async () => {
    pids.push((await bag.busy('select pg_sleep(600) /* e2e owner report 1 */', 'e2e-owner-reports')).pid);
    pids.push((await bag.busy('select pg_sleep(600) /* e2e owner report 2 */', 'e2e-owner-reports')).pid);
    pids.push(await bag.idleInTransaction('e2e-owner-reports'));
  });

  test('sees who owns the sessions and opens the live sessions of one owner', async ({ page, signIn }) => {
    await signIn('viewer@e2e.test', '/clusters/main/owners?by=application');
    const group = page.locator('[data-testid="owner-group"][data-key="e2e-owner-reports"]');
    await expect(group).toBeVisible();
    await expect(group).toContainText('3');
    await group.getByRole('link').click();
    await expect(page).toHaveURL(/\/clusters\/main\/sessions\?.*application=e2e-owner-reports/);
    for (const pid of pids) await expect(rowOf(page, pid)).toBeVisible();
  });

  test('finds a long query in the history and follows its owner to live sessions', async ({ page, signIn }) => {
    test.setTimeout(60_000);
    await signIn('viewer@e2e.test', '/clusters/main/history?range=1h');
    // The threshold of the e2e cluster is 2 s; the sessions above have been running for longer.
    const owner = page.getByTestId('history-owner').filter({ hasText: 'e2e-owner-reports' });
    await expect(async () => {
      await page.reload();
      await expect(owner.first()).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId('history-row').filter({ hasText: 'e2e owner report 1' })).toHaveCount(1);
    await owner.first().getByRole('link').first().click();
    await expect(page).toHaveURL(/\/clusters\/main\/sessions\?.*application=e2e-owner-reports/);
    await expect(rowOf(page, pids[0]!)).toBeVisible();
  });
});
