// Console pages are rendered per request, so a link's prefetch brings no page: it only costs the server a request for
// each link in view, beside the navigation it was meant to speed up (components/layout/console-link.tsx).
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

const isRouterRequest = (request: Request) =>
  new URL(request.url()).searchParams.has('_rsc') || request.headers()['rsc'] === '1';

/** The paths of the router's requests (RSC payloads, prefetches among them) the page sends from now on. */
function recordRouterRequests(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    if (isRouterRequest(request)) paths.push(new URL(request.url()).pathname);
  });
  return paths;
}

/** Until React has hydrated the link (its props are on the element): from then on, a link in view would prefetch. */
async function waitForHydrated(page: Page, selector: string) {
  await expect
    .poll(() =>
      page.evaluate(
        (selector) => Object.keys(document.querySelector(selector) ?? {}).some((key) => key.startsWith('__reactProps')),
        selector,
      ),
    )
    .toBe(true);
}

test('the overview and the sessions page prefetch nothing; a click asks for the page it opens, once', async ({
  page,
  signIn,
}) => {
  await signIn('viewer@e2e.test', '/');
  const requests = recordRouterRequests(page);
  const mainCard = '[data-testid="fleet-card-name"][href="/clusters/main/sessions"]';
  await expect(page.locator(mainCard)).toBeVisible();
  await waitForHydrated(page, mainCard);
  // Prefetches start as hydrated links come into view: a second leaves them the time to show.
  await page.waitForTimeout(1_000);
  expect(requests, 'requests of the overview before any click').toEqual([]);

  await page.locator(mainCard).click();
  await expect(page).toHaveURL(/\/clusters\/main\/sessions$/);
  await expect(page.getByTestId('session-row').first()).toBeVisible();
  await waitForHydrated(page, 'nav a[href="/clusters/main/blocking"]');
  await page.waitForTimeout(1_000);
  expect(requests, 'requests from the click on').toEqual(['/clusters/main/sessions']);
});
