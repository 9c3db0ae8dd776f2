// axe-core (WCAG 2.0 and 2.1, A and AA) on every page of e2e/console-pages.ts, at desktop (light and dark) and phone
// sizes, on the sessions page with the signal dialog and the detail panel open, and with the phone menu open. Any
// violation fails, listed one per line.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CONSOLE_PAGES, SCREENS, type ConsolePage, type ScreenName } from './console-pages';
import { consolePageData } from './console-page-data';
import { expect, test } from './fixtures';
import { rowOf } from './sessions';
import { signedInState } from './signed-in-state';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** "rule (impact): help — selector: what to fix", one line per element, so the failure reads without a report. */
async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${node.target.join(' ')}: ${node.failureSummary?.replace(/\s+/g, ' ')}`,
    ),
  );
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

// Dark mode follows the system: its colours are audited too, on the pages (not again with each panel open).
for (const screen of ['desktop', 'desktop, dark', 'Pixel 7'] as ScreenName[]) {
  test.describe(`on ${screen}`, () => {
    test.use(SCREENS[screen]);

    for (const consolePage of CONSOLE_PAGES) {
      test.describe(consolePage.name, () => {
        signedInAs(consolePage);
        test(`the ${consolePage.name} page has no WCAG A/AA violation`, async ({ page }) => {
          await page.goto(consolePage.path);
          await expect(page.locator(consolePage.ready).first()).toBeVisible();
          expect(await axeViolations(page)).toEqual([]);
        });
      });
    }

    if (screen === 'Pixel 7') {
      test.describe('the phone menu', () => {
        signedInAs(CONSOLE_PAGES.find((candidate) => candidate.name === 'owners')!);
        test('the open phone menu has no WCAG A/AA violation', async ({ page }) => {
          await page.goto('/clusters/main/owners');
          await page.getByRole('button', { name: 'Menu' }).tap();
          await expect(page.getByRole('dialog', { name: 'pgwarden' })).toBeVisible();
          expect(await axeViolations(page)).toEqual([]);
        });
      });
    }

    if (screen === 'desktop, dark') return;

    test.describe('sessions, opened', () => {
      signedInAs(CONSOLE_PAGES.find((candidate) => candidate.name === 'sessions')!);

      test('the signal dialog has no WCAG A/AA violation', async ({ page }) => {
        await page.goto('/clusters/main/sessions?application=e2e-pages');
        await openDetail(page, data.busyPid, screen);
        await page
          .getByTestId('session-detail')
          .getByRole('button', { name: `Terminate session ${data.busyPid}` })
          .click();
        await expect(page.getByRole('dialog', { name: /^Terminate session/ })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });

      test('the detail panel has no WCAG A/AA violation', async ({ page }) => {
        await page.goto('/clusters/main/sessions?application=e2e-pages');
        await openDetail(page, data.busyPid, screen);
        expect(await axeViolations(page)).toEqual([]);
      });
    });
  });
}
