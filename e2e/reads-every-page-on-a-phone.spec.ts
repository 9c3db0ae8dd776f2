// On a phone (Playwright's Pixel 7 and iPhone 14 profiles, in Chromium): no page scrolls sideways, the header folds
// into a menu that works by touch and keyboard, and the audit filters fold behind a button that counts them.
import { CONSOLE_PAGES, SCREENS, type ScreenName } from './console-pages';
import { consolePageData } from './console-page-data';
import { expect, test } from './fixtures';
import { signedInState } from './signed-in-state';

consolePageData();

for (const screen of ['Pixel 7', 'iPhone 14'] as ScreenName[]) {
  test.describe(`on ${screen}`, () => {
    test.use(SCREENS[screen]);

    for (const consolePage of CONSOLE_PAGES) {
      test.describe(consolePage.name, () => {
        test.use({
          storageState: async ({ browser, baseURL }, use) =>
            use(consolePage.as ? await signedInState(browser, baseURL!, consolePage.as) : { cookies: [], origins: [] }),
        });
        test(`the ${consolePage.name} page does not scroll sideways`, async ({ page }) => {
          await page.goto(consolePage.path);
          await expect(page.locator(consolePage.ready).first()).toBeVisible();
          // The page, and its main region (several pages scroll there, not in the document).
          for (const selector of ['html', 'main']) {
            const widths = await page.locator(selector).evaluate((element) => ({
              scroll: element.scrollWidth,
              client: element.clientWidth,
            }));
            expect(
              widths.scroll,
              `${selector} is ${widths.scroll} px wide on a ${widths.client} px screen`,
            ).toBeLessThanOrEqual(widths.client);
          }
        });
      });
    }
  });
}

test.describe('the phone menu', () => {
  test.use(SCREENS['Pixel 7']);
  test.use({
    storageState: async ({ browser, baseURL }, use) => use(await signedInState(browser, baseURL!, 'admin@e2e.test')),
  });

  test('opens the navigation, closes on Escape with focus back on its button, and on following a link', async ({
    page,
  }) => {
    await page.goto('/clusters/main/owners');
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeHidden();
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await menuButton.tap();
    const menu = page.getByRole('dialog', { name: 'pgwarden' });
    await expect(menu).toContainText('admin on main');
    for (const name of ['Sessions', 'Blocking', 'Owners', 'History', 'Audit', 'Tokens'])
      await expect(menu.getByRole('link', { name, exact: true })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Owners', exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(menu.getByRole('navigation', { name: 'Clusters' }).getByRole('link')).not.toHaveCount(0);
    await expect(menu.getByRole('button', { name: 'Sign out' })).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(menuButton).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await menu.getByRole('link', { name: 'Blocking', exact: true }).tap();
    await expect(page).toHaveURL(/\/clusters\/main\/blocking$/);
    await expect(menu).toBeHidden();
  });

  test('folds the audit filters behind a button that counts the active ones', async ({ page }) => {
    await page.goto('/audit');
    const toggle = page.getByRole('button', { name: 'Filters (0)' });
    await expect(page.getByLabel('Outcome')).toBeHidden();
    await toggle.tap();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await page.getByLabel('Outcome').selectOption('cancelled');
    await expect(page).toHaveURL(/outcome=cancelled/);
    await expect(page.getByRole('button', { name: 'Filters (1)' })).toBeVisible();
    await expect(page.getByTestId('audit-row').first()).toBeVisible();
  });
});
