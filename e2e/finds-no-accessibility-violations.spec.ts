// axe-core (WCAG 2.0 and 2.1, A and AA) on every page of e2e/console-pages.ts, at desktop (light and dark) and phone
// sizes, on the sessions page with the detail panel and then the signal dialog open, and with the phone menu open. Any
// violation fails, listed one per line. One test loads a page and audits each of its states in turn (a step each).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CONSOLE_PAGES, SCREENS, type ConsolePage, type ScreenName } from './console-pages';
import { consolePageData } from './console-page-data';
import { expect, test } from './fixtures';
import { rowOf } from './sessions';
import { signedInState } from './signed-in-state';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Audits what the page shows now: "rule (impact): help — selector: what to fix", one line per element, so the
 * failure reads without a report. Only violations are collected in detail (every rule of the tags still runs).
 */
async function expectNoViolations(page: Page, state: string) {
  await test.step(`audit: ${state}`, async () => {
    // options() replaces every option set before it: withTags() comes after.
    const { violations } = await new AxeBuilder({ page })
      .options({ resultTypes: ['violations'] })
      .withTags(WCAG_TAGS)
      .analyze();
    const lines = violations.flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`,
      ),
    );
    expect(lines, `WCAG A/AA violations ${state}`).toEqual([]);
  });
}

/** Dark mode follows the system: switches the loaded page's scheme, and checks the page really shows it. */
async function switchToDark(page: Page) {
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
}

const data = consolePageData();

/** The session's detail: the panel beside the table on a desktop, the full-screen sheet from its card on a phone. */
async function openDetail(page: Page, pid: number, screen: ScreenName) {
  if (screen === 'Pixel 7') await page.locator(`[data-testid="session-card"][data-pid="${pid}"]`).tap();
  else await rowOf(page, pid).click();
  await expect(page.getByTestId('session-detail')).toBeVisible();
}

function signedInAs(consolePage: ConsolePage) {
  test.use({
    storageState: async ({ browser, baseURL }, use) =>
      use(consolePage.as ? await signedInState(browser, baseURL!, consolePage.as) : { cookies: [], origins: [] }),
  });
}

// Dark mode is audited on the pages (not again with each panel open), on the desktop.
for (const screen of ['desktop', 'Pixel 7'] as ScreenName[]) {
  test.describe(`on ${screen}`, () => {
    test.use(SCREENS[screen]);

    for (const consolePage of CONSOLE_PAGES) {
      const withMenu = screen === 'Pixel 7' && consolePage.name === 'owners';
      test.describe(consolePage.name, () => {
        signedInAs(consolePage);
        const also = screen === 'desktop' ? ', light or dark' : withMenu ? ', nor its open menu' : '';
        test(`the ${consolePage.name} page has no WCAG A/AA violation${also}`, async ({ page }) => {
          await page.goto(consolePage.path);
          await expect(page.locator(consolePage.ready).first()).toBeVisible();
          await expectNoViolations(page, `on the ${consolePage.name} page`);
          if (screen === 'desktop') {
            await switchToDark(page);
            await expectNoViolations(page, `on the ${consolePage.name} page, dark`);
          }
          if (withMenu) {
            await page.getByRole('button', { name: 'Menu' }).tap();
            await expect(page.getByRole('dialog', { name: 'pgwarden' })).toBeVisible();
            await expectNoViolations(page, 'with the phone menu open');
          }
        });
      });
    }

    test.describe('sessions, opened', () => {
      signedInAs(CONSOLE_PAGES.find((candidate) => candidate.name === 'sessions')!);

      test('the detail panel and then the signal dialog have no WCAG A/AA violation', async ({ page }) => {
        await page.goto('/clusters/main/sessions?application=e2e-pages');
        await openDetail(page, data.busyPid, screen);
        await expectNoViolations(page, 'with the detail panel open');
        await page
          .getByTestId('session-detail')
          .getByRole('button', { name: `Terminate session ${data.busyPid}` })
          .click();
        await expect(page.getByRole('dialog', { name: /^Terminate session/ })).toBeVisible();
        await expectNoViolations(page, 'with the signal dialog open');
      });
    });
  });
}
