import { devices, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { appSessions, visiblePids } from './sessions';

// Playwright's Pixel 7 (412 x 839, touch, mobile); its browser type is left to the config's chromium project.
const { defaultBrowserType: _browser, ...pixel7 } = devices['Pixel 7'];
test.use(pixel7);

const cardOf = (page: Page, pid: number) => page.locator(`[data-testid="session-card"][data-pid="${pid}"]`);
const cardPids = (page: Page) =>
  page.getByTestId('session-card').evaluateAll((cards) => cards.map((card) => Number(card.getAttribute('data-pid'))));

test.describe('the sessions page on a phone', () => {
  const bag = appSessions();
  let longest = 0;
  let shorter = 0;
  test.beforeAll(async () => {
    longest = (await bag.busy('select pg_sleep(600) /* e2e phone runaway */', 'e2e-phone')).pid;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    shorter = (await bag.busy('select pg_sleep(600) /* e2e phone newer */', 'e2e-phone')).pid;
  });

  test('an operator finds the longest query as the first card, opens it, terminates it and sees it gone', async ({
    page,
    signIn,
    browser,
  }) => {
    const path = '/clusters/main/sessions?hideIdle=1&application=e2e-phone';
    await signIn('operator@e2e.test', path);
    await expect(cardOf(page, shorter)).toBeVisible();
    expect(await cardPids(page)).toEqual([longest, shorter]);
    await expect(page.getByTestId('session-row')).toHaveCount(0);
    await expect(page.getByTestId('snapshot-status')).toBeInViewport();
    await expect(cardOf(page, longest)).toContainText('e2e phone runaway');
    await expect(cardOf(page, longest)).toContainText('e2e-phone');
    await expect(cardOf(page, longest)).toContainText('active');

    // The same order as the desktop table shows for the same link.
    const desktop = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      storageState: await page.context().storageState(),
    });
    const table = await desktop.newPage();
    await table.goto(path);
    await expect(table.getByTestId('session-row')).toHaveCount(2);
    expect(await visiblePids(table)).toEqual(await cardPids(page));
    await desktop.close();

    await cardOf(page, longest).tap();
    const sheet = page.getByTestId('session-detail');
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('session-detail-query')).toContainText(
      'select pg_sleep(600) /* e2e phone runaway */',
    );
    await expect(sheet).toContainText('Backend start');
    // The layout viewport: the device's width once nothing on the page is wider than the screen.
    const viewport = await page.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
    const sheetBox = (await sheet.boundingBox())!;
    expect(sheetBox.width).toBe(viewport.width);
    const terminate = sheet.getByRole('button', { name: `Terminate session ${longest}` });
    await expect(terminate).toBeInViewport();
    // Within the thumb's reach: in the bottom quarter of the screen.
    expect((await terminate.boundingBox())!.y).toBeGreaterThan(viewport.height * 0.75);

    await terminate.tap();
    const dialog = page.getByRole('dialog', { name: `Terminate session ${longest} on main?` });
    await expect(dialog).toBeVisible();
    const dialogBox = (await dialog.boundingBox())!;
    expect(dialogBox.x).toBeGreaterThanOrEqual(0);
    expect(dialogBox.x + dialogBox.width).toBeLessThanOrEqual(viewport.width);
    expect(dialogBox.y + dialogBox.height).toBeLessThanOrEqual(viewport.height);
    await expect(dialog.getByRole('button', { name: 'Keep running' })).toBeInViewport();
    const confirm = dialog.getByRole('button', { name: 'Terminate session' });
    await expect(confirm).toBeInViewport();
    await confirm.tap();
    await expect(dialog.getByTestId('signal-result-message')).toContainText('Terminated');
    await dialog.getByRole('button', { name: 'Close' }).tap();

    await expect(page.getByTestId('session-gone')).toContainText(`Session ${longest}`);
    await page.getByRole('button', { name: 'Close' }).tap();
    await expect(cardOf(page, longest)).toHaveCount(0);
    await expect(cardOf(page, shorter)).toBeVisible();
  });

  test('filters fold behind one button that counts them, open, apply and show their new count', async ({
    page,
    signIn,
  }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1');
    await expect(cardOf(page, shorter)).toBeVisible();
    const toggle = page.getByRole('button', { name: 'Filters (1)' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(page.getByLabel('Search in query text')).toBeHidden();

    await toggle.tap();
    await expect(page.getByLabel('Search in query text')).toBeVisible();
    await page.getByLabel('Application').selectOption('e2e-phone');
    await expect(page).toHaveURL(/application=e2e-phone/);
    await expect(page.getByRole('button', { name: 'Filters (2)' })).toBeVisible();
    await expect(page.getByTestId('session-card')).not.toHaveCount(0);
    for (const card of await page.getByTestId('session-card').all()) await expect(card).toContainText('e2e-phone');

    await page.getByRole('button', { name: 'Filters (2)' }).tap();
    await expect(page.getByLabel('Search in query text')).toBeHidden();
    await expect(page.getByTestId('snapshot-status')).toBeInViewport();
    const list = page.getByTestId('session-cards').locator('..');
    expect(await list.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  });

  test('a link with detail= opens that session as a full-screen sheet', async ({ page, signIn }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-phone');
    await expect(cardOf(page, shorter)).toBeVisible();
    const response = await page.request.get('/api/clusters/main/sessions?application=e2e-phone');
    const { rows } = ((await response.json()) as { data: { rows: { pid: number; backendStart: string }[] } }).data;
    const row = rows.find((candidate) => candidate.pid === shorter)!;
    await page.goto(`/clusters/main/sessions?detail=${encodeURIComponent(`${row.pid}@${row.backendStart}`)}`);
    const sheet = page.getByTestId('session-detail');
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole('heading', { name: `Session ${shorter}` })).toBeVisible();
    await expect(sheet).toContainText('e2e phone newer');
    await expect(sheet).toContainText('Your role (viewer) may watch sessions only');
  });
});
