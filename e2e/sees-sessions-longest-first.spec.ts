import { expect, test } from './fixtures';
import { appSessions, rowOf, visiblePids } from './sessions';

const LONG_TAIL = 'x'.repeat(300);

test.describe('the sessions page', () => {
  const bag = appSessions();
  let older = 0;
  let newer = 0;

  test.beforeAll(async () => {
    older = (await bag.busy('select pg_sleep(300) /* e2e nightly report */', 'e2e-report')).pid;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    newer = (await bag.busy(`select pg_sleep(300) /* e2e checkout ${LONG_TAIL} end-of-query */`, 'e2e-checkout')).pid;
  });

  test('lists sessions longest first, filters, keeps the view in the URL and shows the whole query', async ({
    page,
    signIn,
  }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1');
    await expect(rowOf(page, older)).toBeVisible();
    await expect(rowOf(page, newer)).toBeVisible();
    const pids = await visiblePids(page);
    expect(pids.indexOf(older)).toBeLessThan(pids.indexOf(newer));
    await expect(page.getByRole('columnheader', { name: /Query age/ })).toHaveAttribute('aria-sort', 'descending');
    await expect(page.getByTestId('current-role')).toHaveText('viewer on main');

    await page.getByLabel('Application').selectOption('e2e-checkout');
    await expect(rowOf(page, older)).toHaveCount(0);
    await expect(rowOf(page, newer)).toBeVisible();
    await expect(page).toHaveURL(/application=e2e-checkout/);

    const shared = await page.context().newPage();
    await shared.goto(page.url());
    await expect(shared.getByLabel('Application')).toHaveValue('e2e-checkout');
    await expect(rowOf(shared, newer)).toBeVisible();
    await expect(rowOf(shared, older)).toHaveCount(0);
    await shared.close();

    await rowOf(page, newer).click();
    const detail = page.getByTestId('session-detail');
    await expect(detail).toBeVisible();
    await expect(page.getByTestId('session-detail-query')).toContainText('end-of-query');
    await expect(detail).toContainText('e2e-checkout');
    await page.keyboard.press('Escape');
    await expect(detail).toHaveCount(0);
  });

  test('works from the keyboard: / searches, j/k move, Enter opens, Escape closes', async ({ page, signIn }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1');
    await expect(rowOf(page, older)).toBeVisible();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search in query text')).toBeFocused();
    await page.keyboard.type('nightly report');
    await expect(page).toHaveURL(/search=nightly/);
    await expect(rowOf(page, newer)).toHaveCount(0);
    await page.keyboard.press('Escape');
    await page.getByLabel('Search in query text').fill('');
    await expect(rowOf(page, newer)).toBeVisible();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await expect(page.locator('[data-testid="session-row"][aria-selected="true"]')).toHaveCount(1);
    const first = await page.locator('[data-testid="session-row"][aria-selected="true"]').getAttribute('data-pid');
    await page.keyboard.press('j');
    const second = await page.locator('[data-testid="session-row"][aria-selected="true"]').getAttribute('data-pid');
    expect(second).not.toBe(first);
    await page.keyboard.press('k');
    await expect(page.locator('[data-testid="session-row"][aria-selected="true"]')).toHaveAttribute('data-pid', first!);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('session-detail')).toContainText(`Session ${first}`);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('session-detail')).toHaveCount(0);
  });

  test('sorts on any column and switches the duration that drives the default order', async ({ page, signIn }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1');
    await expect(rowOf(page, older)).toBeVisible();
    await page.getByRole('columnheader', { name: /^PID/ }).click();
    await expect(page.getByRole('columnheader', { name: /^PID/ })).toHaveAttribute('aria-sort', 'ascending');
    const pids = await visiblePids(page);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    await page.getByLabel('Duration that sorts and filters').selectOption('backendAgeMs');
    await expect(page).toHaveURL(/by=backendAgeMs/);
    await expect(page.getByRole('columnheader', { name: /Backend age/ })).toHaveAttribute('aria-sort', 'descending');
  });
});
