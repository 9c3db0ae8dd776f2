// Clickjacking: another site puts pgwarden's sessions page in an <iframe> to trick a signed-in operator into clicking
// Terminate. The browser must refuse to render it framed (frame-ancestors 'none', X-Frame-Options: DENY).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

/** A page on another origin (another loopback port) that frames `target`, and frames a page of its own as a control. */
async function startFramingSite(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (request.url === '/own') return response.end('<p id="own">a page of the framing site</p>');
    response.end(
      `<!doctype html><title>win a prize</title>` +
        `<iframe id="own" src="/own"></iframe><iframe id="pgwarden" src="${target}" width="1200" height="800"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const bag = appSessions();

test('another site framing the sessions page shows nothing of it, not even to a signed-in operator', async ({
  page,
  signIn,
  baseURL,
  cspViolations,
}) => {
  const { pid } = await bag.busy('select pg_sleep(600) /* e2e framing bait */', 'e2e-framing');
  const sessionsUrl = `${baseURL}/clusters/main/sessions?application=e2e-framing`;
  await signIn('operator@e2e.test', '/clusters/main/sessions?application=e2e-framing');
  // Unframed, the operator sees the Terminate button the framing site is after.
  await expect(rowOf(page, pid).getByRole('button', { name: `Terminate session ${pid}` })).toBeVisible();

  const site = await startFramingSite(sessionsUrl);
  try {
    await page.goto(site.url);
    // The control frame renders, so a blank pgwarden frame is the refusal, not a broken test page.
    await expect(page.frameLocator('#own').locator('#own')).toHaveText('a page of the framing site');
    await expect.poll(() => cspViolations.some((line) => line.includes("frame-ancestors 'none'"))).toBe(true);
    const framed = page.frameLocator('#pgwarden');
    await expect(framed.getByTestId('current-role')).toHaveCount(0);
    await expect(framed.getByRole('button', { name: `Terminate session ${pid}` })).toHaveCount(0);
    // The only violation is the refused frame, reported by Chromium on the framing site's page.
    expect(cspViolations.splice(0)).toEqual([
      expect.stringMatching(new RegExp(`^Framing '${baseURL}/' violates .*"frame-ancestors 'none'"`)),
    ]);
  } finally {
    site.server.closeAllConnections();
    await new Promise((resolve) => site.server.close(resolve));
  }
});
