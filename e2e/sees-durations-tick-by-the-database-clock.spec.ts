import { gunzipSync } from 'node:zlib';
import type { Response } from '@playwright/test';
import { parseDbTimestamp } from '../lib/model/db-time';
import type { SessionsPage } from '../lib/types/sessions-page';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

const STREAM = /\/api\/clusters\/main\/sessions\/stream/;
const isPageGet = (response: Response) =>
  /\/api\/clusters\/main\/sessions\?/.test(response.url()) && response.status() === 200;

/** formatDuration's text ("7s", "1m 05s") in whole seconds. */
function seconds(text: string): number {
  const match = /^(?:(\d+)m )?(\d+)s$/.exec(text.trim());
  if (!match) throw new Error(`not a duration in seconds: "${text}"`);
  return Number(match[1] ?? 0) * 60 + Number(match[2]);
}

async function pageOf(response: Response): Promise<SessionsPage> {
  const body = await response.body();
  const json = response.headers()['content-type']?.includes('gzip') ? gunzipSync(body) : body;
  return (JSON.parse(json.toString()) as { data: SessionsPage }).data;
}

test.describe('durations between snapshots', () => {
  const bag = appSessions();

  test("tick from the snapshot's database time, whatever the browser's clock says", async ({ page, signIn }) => {
    const session = await bag.busy('select pg_sleep(300) /* e2e database clock */', 'e2e-db-clock');
    await signIn('viewer@e2e.test', '/');
    await page.goto('about:blank');
    // The browser's clock 25 years behind the database's; it flows until paused below.
    await page.clock.install({ time: new Date('2001-02-03T04:05:06Z') });
    // The stream fails once (the page then GETs the page once), and its retry never answers: with a 30 s poll, no
    // other snapshot reaches the page while the test moves the browser's clock.
    let streams = 0;
    await page.route(STREAM, (route) => (streams++ === 0 ? route.abort('connectionreset') : undefined));
    const pages: Promise<SessionsPage>[] = [];
    page.on('response', (response) => {
      if (isPageGet(response)) pages.push(pageOf(response));
    });
    await page.goto('/clusters/main/sessions?interval=30000&search=e2e%20database%20clock');
    const queryAge = rowOf(page, session.pid).locator('[data-column="queryAgeMs"]');
    await expect(queryAge).toHaveText(/^\d+s$/);
    await expect.poll(() => pages.length).toBe(1);
    const shown = await pages[0]!;
    const takenAt = page.getByTestId('snapshot-status');
    await expect(takenAt).toContainText(`taken at ${shown.snapshot.takenAt!.slice(11, 19)}`);
    await page.clock.pauseAt(new Date((await page.evaluate(() => Date.now())) + 500));
    expect(new Date(await page.evaluate(() => Date.now())).getUTCFullYear()).toBe(2001);

    const row = shown.rows.find((candidate) => candidate.pid === session.pid)!;
    const atSnapshot = Math.floor(
      (parseDbTimestamp(shown.snapshot.takenAt)! - parseDbTimestamp(row.queryStart)!) / 1000,
    );
    const shownSeconds = async () => seconds(await queryAge.innerText());
    const before = await shownSeconds();
    // The snapshot's own value plus the few seconds the page has held it; the browser's clock is 25 years off.
    expect(before).toBeGreaterThanOrEqual(atSnapshot);
    expect(before).toBeLessThanOrEqual(atSnapshot + 5);

    await page.clock.runFor(8_000);
    await expect.poll(shownSeconds).toBe(before + 8);
    await page.clock.runFor(6_000);
    await expect.poll(shownSeconds).toBe(before + 14);
    // Still the same snapshot: the durations moved with the time elapsed since it arrived, nothing else.
    await expect(takenAt).toContainText(`taken at ${shown.snapshot.takenAt!.slice(11, 19)}`);
    expect(pages.length).toBe(1);
  });
});
