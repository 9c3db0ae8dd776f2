// Waiting on a condition in the page under the app's Content-Security-Policy, which refuses the predicate that
// Playwright's waitForFunction compiles in the page: evaluate (the DevTools protocol) is not subject to it.
import type { Page } from '@playwright/test';

/** Polls page-side `condition` (source text) every 20 ms; after `timeoutMs`, throws the error `failure` describes. */
export async function untilInPage(
  page: Page,
  condition: string,
  timeoutMs: number,
  failure: () => string | Promise<string>,
): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await page.evaluate(condition)); await page.waitForTimeout(20)) {
    if (Date.now() > deadline) throw new Error(await failure());
  }
}
