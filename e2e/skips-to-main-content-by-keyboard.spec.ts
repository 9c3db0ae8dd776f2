// The first Tab on a console page reaches a "Skip to main content" link; following it puts focus past the header.
import { CONSOLE_PAGES } from './console-pages';
import { expect, test } from './fixtures';
import { signedInState } from './signed-in-state';

test.use({
  storageState: async ({ browser, baseURL }, use) => use(await signedInState(browser, baseURL!, 'admin@e2e.test')),
});

for (const consolePage of CONSOLE_PAGES.filter((candidate) => candidate.as === 'admin@e2e.test')) {
  test(`the ${consolePage.name} page skips to its main content`, async ({ page }) => {
    await page.goto(consolePage.path);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('main')).toBeFocused();
  });
}
