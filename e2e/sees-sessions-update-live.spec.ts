import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

const isPoll = (request: Request) => /\/api\/clusters\/main\/sessions\?/.test(request.url());

function countPolls(page: Page) {
  const counter = { polls: 0 };
  page.on('request', (request) => {
    if (isPoll(request)) counter.polls++;
  });
  return counter;
}

test.describe('live sessions', () => {
  const bag = appSessions();

  test('the table updates by push: a new session appears and a killed one disappears without polling', async ({
    page,
    signIn,
    db,
  }) => {
    const counter = countPolls(page);
    await signIn('viewer@e2e.test', '/clusters/main/sessions?interval=1000');
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'true');
    const pollsWhenStreaming = counter.polls;

    const session = await bag.busy('select pg_sleep(300) /* e2e live push */', 'e2e-live-push');
    await expect(rowOf(page, session.pid)).toBeVisible();
    const queryAge = rowOf(page, session.pid).locator('[data-column="queryAgeMs"]');
    await expect(queryAge).toHaveText(/^\d+s$/);
    await db.query('select pg_terminate_backend($1)', [session.pid]);
    await expect(rowOf(page, session.pid)).toHaveCount(0);
    // At most the one full page the stream may ask for when it connects; never one per interval.
    expect(counter.polls - pollsWhenStreaming).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'true');
  });

  test('falls back to polling when the stream breaks, and keeps the table current', async ({ page, signIn, db }) => {
    await page.route(/\/api\/clusters\/main\/sessions\/stream/, (route) => route.abort('connectionreset'));
    const counter = countPolls(page);
    await signIn('viewer@e2e.test', '/clusters/main/sessions?interval=1000');
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'false');
    const session = await bag.busy('select pg_sleep(300) /* e2e live fallback */', 'e2e-live-fallback');
    await expect(rowOf(page, session.pid)).toBeVisible();
    await db.query('select pg_terminate_backend($1)', [session.pid]);
    await expect(rowOf(page, session.pid)).toHaveCount(0);
    expect(counter.polls).toBeGreaterThanOrEqual(2);

    // The stream comes back: the page subscribes again on its own and stops polling.
    await page.unroute(/\/api\/clusters\/main\/sessions\/stream/);
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'true', { timeout: 20_000 });
  });

  test('the GET answers 304 to a viewer that already has the latest snapshot', async ({ page, signIn }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions');
    let notModified = false;
    for (let attempt = 0; attempt < 10 && !notModified; attempt++) {
      const first = await page.request.get('/api/clusters/main/sessions?hideIdle=1');
      expect(first.status()).toBe(200);
      const etag = first.headers()['etag']!;
      expect(etag).toMatch(/^"\d+-/);
      const again = await page.request.get('/api/clusters/main/sessions?hideIdle=1&sort=pid', {
        headers: { 'if-none-match': etag },
      });
      notModified = again.status() === 304;
    }
    expect(notModified).toBe(true);
  });
});
