import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

test.use({ viewport: { width: 1280, height: 800 } });

const LONG_QUERY = `select pg_sleep(600) /* e2e laptop ${'very long comment '.repeat(40)} end-of-laptop-query */`;

test.describe('the sessions page on a 1280 x 800 laptop', () => {
  const bag = appSessions();
  let pid = 0;
  test.beforeAll(async () => {
    pid = (await bag.busy(LONG_QUERY, 'e2e-laptop')).pid;
  });

  test('an operator sees the first row’s Terminate button without scrolling sideways, the query whole in the detail', async ({
    page,
    signIn,
  }) => {
    await signIn('operator@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-laptop');
    const row = rowOf(page, pid);
    await expect(row).toBeVisible();
    const first = page.getByTestId('session-row').first();
    const terminate = first.getByRole('button', { name: /^Terminate session/ });
    await expect(terminate).toBeInViewport({ ratio: 1 });
    await expect(first.getByRole('button', { name: /^Cancel query of session/ })).toBeInViewport({ ratio: 1 });
    expect(await page.getByRole('table').evaluate((table) => table.scrollLeft)).toBe(0);

    const queryCell = row.locator('[data-column="query"]');
    await expect(queryCell).toContainText('e2e laptop');
    expect(await queryCell.evaluate((cell) => cell.scrollWidth > cell.clientWidth)).toBe(true);
    await row.click();
    await expect(page.getByTestId('session-detail-query')).toContainText('end-of-laptop-query');
  });
});
