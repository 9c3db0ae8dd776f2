import type pg from 'pg';
import { connect } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { appSessions, rowOf, visiblePids } from './sessions';

const APPLICATION = 'e2e-first-screen';
const SESSIONS = 90; // more than the first screen's 60 rows

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

  test('the first frame has the first rows of the view and the count of all; every row follows in the same order, from the page itself', async ({
    page,
    signIn,
  }) => {
    // The whole page must come with the page itself: no GET of the sessions gets through. (The page may still try
    // one, when the stream's first snapshot is newer than the page's.)
    await page.route(
      (url) => url.pathname === '/api/clusters/main/sessions',
      (route) => route.abort(),
    );
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

    // Then every row, the first ones where they were.
    await expect(table).toHaveAttribute('aria-rowcount', String(SESSIONS));
    const shown = await visiblePids(page);
    const common = Math.min(shown.length, first.pids.length);
    expect(common).toBeGreaterThan(10);
    expect(shown.slice(0, common)).toEqual(first.pids.slice(0, common));
    const pids = await Promise.all(
      clients.map(
        async (client) => (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid,
      ),
    );
    await table.evaluate((element) => (element.scrollTop = element.scrollHeight));
    await expect(rowOf(page, Math.max(...pids))).toBeVisible();
  });
});
