// Simulated viewers of the live sessions table over plain HTTP, counting the bytes that cross the wire: pollers of
// the GET (gzip, If-None-Match, like the page's fallback) and subscribers of the stream (GET once, then diffs).
import http from 'node:http';
import { constants, gunzipSync } from 'node:zlib';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { GZIPPED_SESSIONS } from '@/lib/types/sessions-page';
import type { Session } from './app';
import { sleep } from './stats';

export interface ViewerTally {
  bytes: number;
  /** Sample (taken_at, database clock) to the viewer holding it, one per new snapshot seen. */
  latenciesMs: number[];
  /** The same minus the sessions query's own time (snapshot.sampleMs): from the query's end to the viewer. */
  afterQueryMs: number[];
  requests: number;
  failures: number;
  fullPages: number;
}

export const newTally = (): ViewerTally => ({
  bytes: 0,
  latenciesMs: [],
  afterQueryMs: [],
  requests: 0,
  failures: 0,
  fullPages: 0,
});

interface Answer {
  status: number;
  etag: string | undefined;
  body: Buffer;
}

function get(session: Session, pathname: string, headers: Record<string, string>, tally: ViewerTally) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.get(
      `${session.baseURL}${pathname}`,
      { headers: { cookie: session.cookieHeader, accept: GZIPPED_SESSIONS, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          tally.bytes += chunk.length;
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, etag: response.headers.etag, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** The snapshot's meta sits in the first few hundred bytes: inflate only the start of the gzip body. */
function metaOf(gzipped: Buffer): string {
  return gunzipSync(gzipped.subarray(0, 2048), { finishFlush: constants.Z_SYNC_FLUSH }).toString();
}

const takenAtIn = (text: string) => /"takenAt":"([^"]+)"/.exec(text)?.[1];

function seen(tally: ViewerTally, meta: string): void {
  const at = parseDbTimestamp(takenAtIn(meta) ?? null);
  if (at === null) return;
  const latency = Date.now() - at;
  tally.latenciesMs.push(latency);
  const sampleMs = Number(/"sampleMs":([\d.]+)/.exec(meta)?.[1]);
  if (Number.isFinite(sampleMs)) tally.afterQueryMs.push(latency - sampleMs);
}

/** Polls every second until `end` (performance.now()), skipping ticks while a request is out, like react-query. */
export async function pollViewer(
  session: Session,
  pathname: string,
  offsetMs: number,
  end: number,
  tally: ViewerTally,
) {
  let etag: string | undefined;
  let lastTakenAt: string | undefined;
  let tick = performance.now() + offsetMs;
  await sleep(offsetMs);
  while (tick < end) {
    tally.requests++;
    try {
      const answer = await get(session, pathname, etag ? { 'if-none-match': etag } : {}, tally);
      if (answer.status === 200) {
        etag = answer.etag;
        tally.fullPages++;
        const meta = metaOf(answer.body);
        const takenAt = takenAtIn(meta);
        if (takenAt !== lastTakenAt) seen(tally, meta);
        lastTakenAt = takenAt;
      } else if (answer.status !== 304) tally.failures++;
    } catch {
      tally.failures++;
    }
    tick += 1000;
    while (tick < performance.now()) tick += 1000;
    if (tick < end) await sleep(tick - performance.now());
  }
}

/** GETs the full page, then reads the stream until `end`; a diff from another snapshot makes it GET the page again. */
export async function streamViewer(session: Session, query: string, end: number, tally: ViewerTally) {
  const pagePath = `/api/clusters/bench/sessions?${query}`;
  let current = 0;
  const fullPage = async () => {
    tally.requests++;
    tally.fullPages++;
    const answer = await get(session, pagePath, {}, tally);
    current = Number(/^"(\d+)-/.exec(answer.etag ?? '')?.[1] ?? 0);
  };
  await fullPage();
  // Like the page: every 5 s, whether the cookie may still watch (HEAD on the stream's URL).
  const check = setInterval(() => {
    tally.requests++;
    http
      .request(`${session.baseURL}/api/clusters/bench/sessions/stream?${query}`, {
        method: 'HEAD',
        headers: { cookie: session.cookieHeader },
      })
      .on('response', (response) => {
        if (response.statusCode !== 204) tally.failures++;
        response.resume();
      })
      .on('error', () => tally.failures++)
      .end();
  }, 5000);
  await new Promise<void>((resolve) => {
    let buffered = '';
    let refetching = false;
    const request = http.get(
      `${session.baseURL}/api/clusters/bench/sessions/stream?${query}`,
      { headers: { cookie: session.cookieHeader, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) {
          tally.failures++;
          response.resume();
          return resolve();
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          tally.bytes += Buffer.byteLength(chunk);
          buffered += chunk;
          let at: number;
          while ((at = buffered.indexOf('\n\n')) >= 0) {
            const event = buffered.slice(0, at);
            buffered = buffered.slice(at + 2);
            if (event.startsWith('event: hello')) {
              const id = Number(/"snapshotId":(\d+)/.exec(event)?.[1]);
              if (id !== current && !refetching) {
                refetching = true;
                void fullPage().finally(() => (refetching = false));
              }
            } else if (event.startsWith('event: diff')) {
              const base = Number(/"base":(\d+)/.exec(event)?.[1]);
              const id = Number(/"snapshotId":(\d+)/.exec(event)?.[1]);
              if (base === current) {
                current = id;
                seen(tally, event.slice(0, 600));
              } else if (!refetching) {
                refetching = true;
                void fullPage().finally(() => (refetching = false));
              }
            }
          }
        });
        response.on('end', resolve);
        response.on('error', resolve);
      },
    );
    request.on('error', () => {
      tally.failures++;
      resolve();
    });
    setTimeout(() => request.destroy(), Math.max(0, end - performance.now()));
  });
  clearInterval(check);
}
