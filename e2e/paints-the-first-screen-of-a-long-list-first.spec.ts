import type pg from 'pg';
import { FIRST_SCREEN_ROWS } from '../lib/model/page-view';
import { connect } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { appSessions, rowOf, visiblePids } from './sessions';

const APPLICATION = 'e2e-first-screen';
const SESSIONS = 90; // more than the first screen's rows

declare global {
  interface Window {
    __firstTable?: { firstScreen: boolean; rowCount: number; pids: number[]; status: string };
  }
}

test.describe('a long list of sessions', () => {
  const bag = appSessions();
  const clients: pg.Client[] = [];

  test.beforeAll(async () => {
    for (let batch = 0; batch < SESSIONS / 15; batch++) {
      clients.push(
        ...(await Promise.all(Array.from({ length: 15 }, () => connect(bag.url, { application_name: APPLICATION })))),
      );
    }
  });
  test.afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  });

  test('the first frame has the first rows of the view and the count of all, and the page no more; every row follows in the same order', async ({
    page,
    signIn,
  }) => {
    const documentHtml = page
      .waitForResponse(
        (response) =>
          response.request().resourceType() === 'document' && response.url().includes('/clusters/main/sessions?'),
      )
      .then((response) => response.text());
    const sessionGets: number[] = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/api/clusters/main/sessions') sessionGets.push(response.status());
    });
    // The table as the server's HTML has it, before the page's scripts take over.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const table = document.querySelector('[role="table"]');
        if (!table?.querySelector('[data-testid="session-row"]')) return;
        window.__firstTable = {
          firstScreen: table.hasAttribute('data-first-screen'),
          rowCount: Number(table.getAttribute('aria-rowcount')),
          pids: [...table.querySelectorAll<HTMLElement>('[data-testid="session-row"]')].map((row) =>
            Number(row.dataset.pid),
          ),
          status: document.querySelector('[data-testid="snapshot-status"]')?.textContent ?? '',
        };
      });
    });
    await signIn('viewer@e2e.test', `/clusters/main/sessions?application=${APPLICATION}&sort=pid&dir=asc`);
    const table = page.getByRole('table');
    await expect(table).not.toHaveAttribute('data-first-screen');
    await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', 'true');

    const first = (await page.evaluate(() => window.__firstTable))!;
    // The first frame (the server's HTML): a first screen of rows in the view's order, and the count of all of them.
    expect(first.firstScreen).toBe(true);
    expect(first.rowCount).toBe(SESSIONS);
    expect(first.status).toContain(`${SESSIONS} of`);
    expect(first.pids.length).toBeGreaterThan(10);
    expect(first.pids.length).toBeLessThan(SESSIONS);
    expect(first.pids).toEqual([...first.pids].sort((a, b) => a - b));

    // The page carries its first screen only: the sessions after it are not in its HTML (nor in its scripts' data).
    const html = await documentHtml;
    const pids = await Promise.all(
      clients.map(
        async (client) => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid,
      ),
    );
    const later = pids.toSorted((a, b) => a - b).slice(FIRST_SCREEN_ROWS);
    expect(later.length).toBe(SESSIONS - FIRST_SCREEN_ROWS);
    // As JSON in the page's script data, its quotes escaped there.
    const inHtml = (pid: number) => new RegExp(`\\\\?"pid\\\\?":${pid}\\b`).test(html);
    expect(later.filter(inHtml), 'sessions after the first screen in the HTML').toEqual([]);
    expect(
      first.pids.filter((pid) => !inHtml(pid)),
      'first-screen sessions missing from the HTML',
    ).toEqual([]);

    // Then every row, from the GET the page makes after its first frame, the first ones where they were.
    await expect(table).toHaveAttribute('aria-rowcount', String(SESSIONS));
    const shown = await visiblePids(page);
    const common = Math.min(shown.length, first.pids.length);
    expect(common).toBeGreaterThan(10);
    expect(shown.slice(0, common)).toEqual(first.pids.slice(0, common));
    expect(sessionGets).toContain(200);
    await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect(rowOf(page, Math.max(...pids))).toBeVisible();
  });
});
