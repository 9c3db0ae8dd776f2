// Part "live", in Chromium: first render, sort, filter and applying a pushed diff, with the real rows of the real
// backends as the real server sends them (the stream up, durations computed in the page).
import { writeFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import { CLUSTER_ID, type Session } from './app';
import { untilInPage } from './page-poll';
import type { Reporter } from './report';
import { summarise, type Summary } from './stats';

export interface LiveRenderResults {
  rows: number;
  firstRenderMs: Summary;
  /** From the same response to every row in the page (the first frame has the first screen of them only). */
  wholePageMs: Summary;
  sortMs: Summary;
  filterMs: Summary;
  diffApplyMs: Summary;
}

// Browser-side code is kept as source text: tsx (esbuild) would add helpers to a compiled function that the page lacks.

/** Page-side source: runs `body` in the first task after the next frame is painted. */
const afterPaint = (body: string) => `requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { ${body} };
  channel.port2.postMessage(0);
})`;

/**
 * Page-side source: when the response that arrived last, of those since `since` whose URL contains `url`, ended
 * (`since` when none; a navigation may also fetch a prefetch that ends first).
 */
const lastResponseEnd = (since: string, url: string) => `performance.getEntriesByType('resource')
  .filter((entry) => entry.startTime >= ${since} && entry.name.includes(${JSON.stringify(url)}))
  .reduce((end, entry) => Math.max(end, entry.responseEnd), ${since})`;

/** Before the page's scripts: times each pushed diff from the listener call to the frame after it. */
const diffProbe = `(() => {
  window.__diffTimes = [];
  const add = EventSource.prototype.addEventListener;
  EventSource.prototype.addEventListener = function (type, listener, options) {
    if (type !== 'diff') return add.call(this, type, listener, options);
    return add.call(this, type, (event) => {
      const started = performance.now();
      listener(event);
      ${afterPaint('window.__diffTimes.push(performance.now() - started);')}
    }, options);
  };
})();`;

const SESSIONS_GET = `/api/clusters/${CLUSTER_ID}/sessions?`;

/**
 * Runs `act` in the page; resolves with [act -> painted, response -> painted] once `done` holds, the response being
 * the last to end of those since `act` whose URL contains `responseUrl` (none: act -> painted twice).
 */
function timeInteraction(page: Page, act: string, done: string, responseUrl = SESSIONS_GET): Promise<[number, number]> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const isDone = () => (${done});
    performance.mark('bench:act');
    const started = performance.now();
    const observer = new MutationObserver(() => { if (isDone()) finish(); });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not done after 20 s: ' + ${JSON.stringify(done)})); }, 20000);
    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      observer.disconnect();
      clearTimeout(timer);
      ${afterPaint(`
        const painted = performance.now();
        performance.mark('bench:painted');
        const responseEnd = ${lastResponseEnd('started', responseUrl)};
        resolve([painted - started, painted - responseEnd]);`)}
    }
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    ${act}
    if (isDone()) finish();
  })`) as Promise<[number, number]>;
}

const ROW_COUNT = `Number(document.querySelector('[role="table"]').getAttribute('aria-rowcount'))`;
const SESSIONS_PATH = `/clusters/${CLUSTER_ID}/sessions`;
const SESSIONS_SHOWN = `location.pathname === ${JSON.stringify(SESSIONS_PATH)} && document.querySelector('[data-testid="session-row"]') !== null`;
/** Records in window.__wholeAt when the frame with every row (no first-screen table left) is painted. */
const WATCH_WHOLE_PAGE = `window.__wholeAt = null;
  const wholeObserver = new MutationObserver(() => {
    if (!(${SESSIONS_SHOWN}) || document.querySelector('[data-first-screen]')) return;
    wholeObserver.disconnect();
    ${afterPaint('window.__wholeAt = performance.now();')}
  });
  wholeObserver.observe(document, { childList: true, subtree: true, attributes: true });`;
const OPEN_SESSIONS = `${WATCH_WHOLE_PAGE}
  document.querySelector('a[href=${JSON.stringify(SESSIONS_PATH)}]').click();`;
const WHOLE_PAGE_AFTER_RESPONSE = `new Promise((resolve, reject) => {
  const started = performance.getEntriesByName('bench:act').at(-1).startTime;
  const responseEnd = ${lastResponseEnd('started', `${SESSIONS_PATH}?_rsc=`)};
  const deadline = performance.now() + 20000;
  const check = () => {
    if (window.__wholeAt !== null) resolve(window.__wholeAt - responseEnd);
    else if (performance.now() > deadline) reject(new Error('the page did not hold every row within 20 s'));
    else setTimeout(check, 5);
  };
  check();
})`;
const PID_SORT = `[...document.querySelectorAll('button[role="columnheader"]')].find((b) => b.textContent.startsWith('PID'))`;
const chooseState = (state: string) => `const select = document.querySelector('select[aria-label="State"]');
  Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, ${JSON.stringify(state)});
  select.dispatchEvent(new Event('change', { bubbles: true }));`;

export async function benchLiveRender(
  session: Session,
  report: Reporter,
  diffSeconds = 20,
): Promise<LiveRenderResults> {
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addCookies(session.playwrightCookies());
    const page = await context.newPage();
    await page.addInitScript({ content: diffProbe });
    // First render as a user opens the table: the Sessions link of the overview, a client-side navigation whose
    // server response (RSC) carries the first screen of rows; timed from that response's end to those rows painted.
    const overview = async () => {
      await page.goto(`${session.baseURL}/`);
      // Hydrated (React's props on the link), so the click is a client-side navigation, not a new document.
      const hydrated = `Object.keys(document.querySelector('a[href="${SESSIONS_PATH}"]') ?? {}).some((key) => key.startsWith('__reactProps'))`;
      await untilInPage(page, hydrated, 30_000, () => 'the overview did not hydrate in 30 s');
    };
    // BENCH_PROFILE=<file.cpuprofile>: records the page's JavaScript (CDP Profiler) over first render, filter and sort.
    const profilePath = process.env.BENCH_PROFILE;
    const cdp = profilePath ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // BENCH_TRACE=<file.json>: a Chromium trace (style, layout, paint, scripts) over first render, filter and sort.
    const tracePath = process.env.BENCH_TRACE;
    if (tracePath)
      await browser.startTracing(page, {
        path: tracePath,
        categories: ['devtools.timeline', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'],
      });
    const firstRender: number[] = [];
    const wholePage: number[] = [];
    const opened: number[] = [];
    let rows = 0;
    for (let run = 0; run < 16; run++) {
      await overview();
      const [clicked, fromResponse] = await timeInteraction(
        page,
        OPEN_SESSIONS,
        SESSIONS_SHOWN,
        `${SESSIONS_PATH}?_rsc=`,
      );
      const whole = (await page.evaluate(WHOLE_PAGE_AFTER_RESPONSE)) as number;
      rows = (await page.evaluate(ROW_COUNT)) as number;
      // the first also compiles the code paths
      if (run > 0) {
        firstRender.push(fromResponse);
        wholePage.push(whole);
        opened.push(clicked);
      }
    }
    await page.waitForSelector('[data-testid="update-mode"][data-streaming="true"]', { timeout: 30_000 });
    const filter: number[] = [];
    for (let run = 0; run < 4; run++) {
      const [narrow] = await timeInteraction(page, chooseState('idle in transaction'), `${ROW_COUNT} < ${rows / 2}`);
      const [wide] = await timeInteraction(page, chooseState(''), `${ROW_COUNT} > ${rows / 2}`);
      if (run > 0) filter.push(narrow, wide);
    }
    const sort: number[] = [];
    for (let run = 0; run < 6; run++) {
      const expected = run % 2 === 0 ? 'ascending' : 'descending';
      const [clicked] = await timeInteraction(
        page,
        `${PID_SORT}.click();`,
        `${PID_SORT}.getAttribute('aria-sort') === '${expected}'`,
      );
      sort.push(clicked);
    }
    if (tracePath) {
      await browser.stopTracing();
      report.say(`page trace written to ${tracePath}`);
    }
    if (cdp && profilePath) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profilePath, JSON.stringify(profile));
      report.say(`page CPU profile written to ${profilePath}`);
    }
    await page.evaluate('window.__diffTimes.length = 0');
    await page.waitForTimeout(diffSeconds * 1000);
    const diffTimes = (await page.evaluate('window.__diffTimes')) as number[];
    if (diffTimes.length === 0) report.problem('no diff reached the page in the render part');
    const results = {
      rows,
      firstRenderMs: summarise(firstRender),
      wholePageMs: summarise(wholePage),
      sortMs: summarise(sort),
      filterMs: summarise(filter),
      diffApplyMs: summarise(diffTimes),
    };
    report.say(
      `browser, ${rows} real rows: first render ${results.firstRenderMs.median} ms, every row ${results.wholePageMs.median} ms ` +
        `(click -> painted, incl. the server: ${summarise(opened).median} ms), sort ${results.sortMs.median} ms, ` +
        `filter ${results.filterMs.median} ms, diff ${results.diffApplyMs.median} ms (${diffTimes.length} diffs)`,
    );
    return results;
  } finally {
    await browser?.close();
  }
}
