import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { appSessions, rowOf, visiblePids } from './sessions';

/** GETs of the sessions page and of the stream (not the stream's HEAD access checks), as `path?query`. */
function sessionsGets(page: Page) {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && /^\/api\/clusters\/main\/sessions(\/stream)?$/.test(url.pathname))
      seen.push(`${url.pathname}${url.search}`);
  });
  return seen;
}

test.describe('filters and sorts in the page', () => {
  const bag = appSessions();
  let first = 0;
  let second = 0;

  test.beforeAll(async () => {
    first = (await bag.busy('select pg_sleep(300) /* e2e in-page first */', 'e2e-in-page-a')).pid;
    second = (await bag.busy('select pg_sleep(300) /* e2e in-page second */', 'e2e-in-page-b')).pid;
  });

  test('a filter or sort change shows at once with no request; the address follows; a pasted link, reload and back give the same view', async ({
    page,
    signIn,
  }) => {
    // Recorded from the start: an open stream has no resource timing entry until it ends, and the page makes no GET
    // when the page the server rendered is already the stream's snapshot.
    const opened = sessionsGets(page);
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1');
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'true');
    await expect(rowOf(page, first)).toBeVisible();
    await expect(rowOf(page, second)).toBeVisible();
    const requests = sessionsGets(page);
    // The page holds every session: the stream (and any GET) carry no filter of the view.
    expect(opened.some((url) => url.startsWith('/api/clusters/main/sessions/stream?'))).toBe(true);
    for (const url of opened) expect(url).not.toMatch(/hideIdle|application|state=/);

    await page.getByLabel('Application').selectOption('e2e-in-page-b');
    await expect(rowOf(page, first)).toHaveCount(0);
    await expect(rowOf(page, second)).toBeVisible();
    await expect(page).toHaveURL(/\?application=e2e-in-page-b&hideIdle=1$/);

    await page.getByLabel('Application').selectOption('');
    await page.getByRole('columnheader', { name: /^PID/ }).click();
    await expect(page.getByRole('columnheader', { name: /^PID/ })).toHaveAttribute('aria-sort', 'ascending');
    const ascending = await visiblePids(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await expect(page).toHaveURL(/\?hideIdle=1&sort=pid&dir=asc$/);
    // Neither change asked the server again, nor opened another stream.
    expect(requests).toEqual([]);

    await page.getByLabel('Application').selectOption('e2e-in-page-a');
    await expect(page).toHaveURL(/application=e2e-in-page-a/);
    await page.reload();
    await expect(page.getByLabel('Application')).toHaveValue('e2e-in-page-a');
    await expect(page.getByRole('columnheader', { name: /^PID/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(rowOf(page, first)).toBeVisible();
    await expect(rowOf(page, second)).toHaveCount(0);

    // View changes replace the address (no history entry): back leaves the page, forward brings the last view.
    await page.goto('/clusters/main/owners');
    await page.goBack();
    await expect(page).toHaveURL(/application=e2e-in-page-a/);
    await expect(page.getByLabel('Application')).toHaveValue('e2e-in-page-a');
    await expect(rowOf(page, second)).toHaveCount(0);
    await expect(rowOf(page, first)).toBeVisible();
  });
});
