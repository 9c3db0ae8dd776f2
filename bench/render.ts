// Part 2: first render of 5,000 session rows in Chromium, replaying one real GET response as 5,000 rows.
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import type { SessionRow } from '@/lib/types/session';
import { CLUSTER_ID, type Session } from './app';
import { untilInPage } from './page-poll';
import type { Reporter } from './report';
import { SESSIONS_PATH } from './sessions';
import { summarise, type Summary } from './stats';

export const REPLAY_ROWS = 5000;
/** Above Linux's largest pid (4194304), so a replayed row can never be confused with a real one. */
const FIRST_REPLAY_PID = 10_000_000;
const RELOADS = 7;

interface LoadTimings {
  /** Response delivered (resource timing responseEnd) to its JSON parsed by the page (Response.json resolved). */
  toJsonMs: Summary;
  /** Response delivered to the first replayed row in the DOM. */
  toDomMs: Summary;
  /** ... to the frame after it (requestAnimationFrame, then a task): the rows painted. */
  toPaintMs: Summary;
}

export interface RenderResults extends LoadTimings {
  recordedRows: number;
  replayedRows: number;
  /** The same, for the recorded rows as they came (same run, alternating loads). */
  baseline: LoadTimings;
  sortMs: Summary;
  filterMs: Summary;
}

interface Probe {
  responseEnd: number;
  jsonAt: number;
  domAt: number;
  paintAt: number;
}

class Timings {
  private json: number[] = [];
  private dom: number[] = [];
  private paint: number[] = [];

  add(probe: Probe): void {
    this.json.push(probe.jsonAt - probe.responseEnd);
    this.dom.push(probe.domAt - probe.responseEnd);
    this.paint.push(probe.paintAt - probe.responseEnd);
  }

  summary(): LoadTimings {
    return { toJsonMs: summarise(this.json), toDomMs: summarise(this.dom), toPaintMs: summarise(this.paint) };
  }
}

interface SessionsBody {
  ok: true;
  data: { rows: SessionRow[]; total: number; snapshot: Record<string, unknown> } & Record<string, unknown>;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** backend_start as PostgreSQL prints timestamptz::text in UTC. */
function pgTimestamp(date: Date, micros: number): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(micros, 6)}+00`
  );
}

/** Now, as the database would write it (it runs on this machine's clock). */
function takenNow(): string {
  const now = new Date();
  return pgTimestamp(now, now.getUTCMilliseconds() * 1000);
}

/** 5,000 rows from the recorded ones: each copy gets its own pid and backend_start. */
export function replayRows(recorded: SessionRow[], count = REPLAY_ROWS): SessionRow[] {
  const base = Date.now() - 3_600_000;
  return Array.from({ length: count }, (_, index) => {
    const row = recorded[index % recorded.length]!;
    return {
      ...row,
      pid: FIRST_REPLAY_PID + index,
      leaderPid: null,
      isPgwarden: false,
      backendStart: pgTimestamp(new Date(base + index * 1000), index % 1_000_000),
    };
  });
}

// Browser-side code is kept as source text: tsx (esbuild) would add helpers to a compiled function that the page lacks.

/** Runs in the page before its own scripts: when the first sessions GET was delivered, when the first replayed row
 * reached the DOM, and when the following frame came (requestAnimationFrame, then a task: the rows painted). */
const probeScript = (firstReplayPid: number, apiPath: string) => `(() => {
  const probe = { responseEnd: null, jsonAt: null, domAt: null, paintAt: null };
  window.__bench = probe;
  const json = Response.prototype.json;
  Response.prototype.json = async function () {
    const value = await json.call(this);
    if (probe.jsonAt === null && this.url.includes(${JSON.stringify(apiPath)})) probe.jsonAt = performance.now();
    return value;
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (probe.responseEnd === null && entry.name.includes(${JSON.stringify(apiPath)})) probe.responseEnd = entry.responseEnd;
    }
  }).observe({ type: 'resource', buffered: true });
  const observer = new MutationObserver(() => {
    if (probe.domAt !== null) return;
    const rows = document.querySelectorAll('[data-testid="session-row"]');
    if (![...rows].some((row) => Number(row.dataset.pid) >= ${firstReplayPid})) return;
    probe.domAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { probe.paintAt = performance.now(); };
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-pid'] });
})();`;

/** In the page: runs `act`, then resolves with the time until `done` holds and a frame has passed. */
function timeInteraction(page: Page, act: string, done: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const isDone = () => (${done});
    const started = performance.now();
    const observer = new MutationObserver(() => { if (isDone()) finish(); });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('not done after 15 s: ' + ${JSON.stringify(done)})); }, 15000);
    let finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now() - started);
        channel.port2.postMessage(0);
      });
    }
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    ${act}
    if (isDone()) finish();
  })`) as Promise<number>;
}

const TOP_ROW_PID = `(() => { const rows = [...document.querySelectorAll('[data-testid="session-row"]')];
  rows.sort((a, b) => parseFloat(a.style.transform.slice(11)) - parseFloat(b.style.transform.slice(11)));
  return rows[0] ? Number(rows[0].dataset.pid) : null; })()`;
const CLICK_PID_HEADER = `[...document.querySelectorAll('button[role="columnheader"]')].find((b) => b.textContent.startsWith('PID')).click();`;
const ROW_COUNT = `Number(document.querySelector('[role="table"]').getAttribute('aria-rowcount'))`;
const chooseState = (state: string) => `const select = document.querySelector('select[aria-label="State"]');
  Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, ${JSON.stringify(state)});
  select.dispatchEvent(new Event('change', { bubbles: true }));`;

export async function benchRender(session: Session, report: Reporter): Promise<RenderResults> {
  const recordedResponse = await session.fetch(SESSIONS_PATH);
  const recorded = (await recordedResponse.json()) as SessionsBody;
  if (!recordedResponse.ok || !recorded.ok)
    throw new Error(`recording GET ${SESSIONS_PATH} failed: HTTP ${recordedResponse.status}`);
  const rows = replayRows(recorded.data.rows);
  report.say(`replaying ${recorded.data.rows.length} recorded rows as ${rows.length} rows through page.route`);

  let browser: Browser | undefined;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addCookies(session.playwrightCookies());
    const page = await context.newPage();
    let routed = 0;
    let serving = rows;
    await page.route(`**/api/clusters/${CLUSTER_ID}/sessions?**`, async (route) => {
      routed++;
      const state = new URL(route.request().url()).searchParams.get('state');
      const shown = state ? serving.filter((row) => row.state === state) : serving;
      await route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'cache-control': 'no-store' },
        // Taken now: the page shows a page of an older snapshot than its first screen's only once a later one comes.
        body: JSON.stringify({
          ...recorded,
          data: {
            ...recorded.data,
            snapshot: { ...recorded.data.snapshot, takenAt: takenNow() },
            rows: shown,
            total: serving.length,
          },
        }),
      });
    });
    await page.addInitScript({ content: probeScript(FIRST_REPLAY_PID, `/api/clusters/${CLUSTER_ID}/sessions?`) });

    const url = `${session.baseURL}/clusters/${CLUSTER_ID}/sessions`;
    const load = async (replay: SessionRow[]): Promise<Probe> => {
      serving = replay;
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const painted = 'window.__bench && window.__bench.paintAt !== null && window.__bench.responseEnd !== null';
      await untilInPage(page, painted, 30_000, async () => {
        const shown = await page.evaluate(`document.querySelector('[data-testid="snapshot-status"]')?.textContent`);
        return `the replayed rows were not painted within 30 s (${routed} GETs replayed; the page: ${shown})`;
      });
      const probe = (await page.evaluate('window.__bench')) as Probe;
      const count = await page.evaluate(ROW_COUNT);
      if (count !== replay.length) report.problem(`the table shows ${count} rows, expected ${replay.length}`);
      return probe;
    };
    // The recorded rows as they came (new pids only) are the same-run baseline; loads alternate so both share the noise.
    const baseline = replayRows(recorded.data.rows, recorded.data.rows.length);
    const big = new Timings();
    const small = new Timings();
    for (let round = 0; round <= RELOADS; round++) {
      const bigProbe = await load(rows);
      const smallProbe = await load(baseline);
      if (round === 0) continue; // cold start: scripts compiled for the first time
      big.add(bigProbe);
      small.add(smallProbe);
    }
    if (routed === 0) report.problem('no sessions GET reached page.route');
    await load(rows);

    const sortTimes: number[] = [];
    const pids = rows.map((row) => row.pid);
    const [lowest, highest] = [Math.min(...pids), Math.max(...pids)];
    for (let run = 0; run < 6; run++) {
      // PID sorts ascending on the first click, then flips.
      const expected = run % 2 === 0 ? lowest : highest;
      sortTimes.push(await timeInteraction(page, CLICK_PID_HEADER, `${TOP_ROW_PID} === ${expected}`));
    }

    const filterTimes: number[] = [];
    const idleInTransaction = rows.filter((row) => row.state === 'idle in transaction').length;
    for (let run = 0; run < 3; run++) {
      filterTimes.push(
        await timeInteraction(page, chooseState('idle in transaction'), `${ROW_COUNT} === ${idleInTransaction}`),
      );
      filterTimes.push(await timeInteraction(page, chooseState(''), `${ROW_COUNT} === ${rows.length}`));
    }
    const results: RenderResults = {
      recordedRows: recorded.data.rows.length,
      replayedRows: rows.length,
      ...big.summary(),
      baseline: small.summary(),
      sortMs: summarise(sortTimes),
      filterMs: summarise(filterTimes),
    };
    report.say(
      `${rows.length} rows: response to paint median ${results.toPaintMs.median} ms (${baseline.length} rows: ` +
        `${results.baseline.toPaintMs.median} ms); sort ${results.sortMs.median} ms; filter ${results.filterMs.median} ms`,
    );
    return results;
  } finally {
    await browser?.close();
  }
}
