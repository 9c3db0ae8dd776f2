import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { everySessionView, shownSessions } from '@/lib/model/page-view';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { withDurations } from '@/lib/model/session-durations';
import { applySessionsDiff } from '@/lib/model/sessions-diff';
import { createClusterPool } from '@/lib/pg/pools';
import { ClusterSampler } from '@/lib/sessions/sampler';
import { sessionKey, type SessionsSnapshot } from '@/lib/types/session';
import { parseSessionView, sessionViewToParams } from '@/lib/types/session-view';
import type { SessionsDiff, SessionsFirstScreen, SessionsPage } from '@/lib/types/sessions-page';
import { connect, createRole, testServers, withClient, type TestRole } from '@/test/servers';
import { ViewHub } from './view-hub';

const noMarks = { protect: { users: [], applications: [], databases: [] }, owners: [] };
const cluster = (url: string) =>
  configSchema.parse({ clusters: [{ id: 'hub', url, sampleIntervalMs: 60_000 }] }).clusters[0]!;

const pageOf = (json: Buffer) => (JSON.parse(json.toString()) as { data: SessionsPage }).data;
const diffOf = (event: Buffer) => {
  const text = event.toString();
  expect(text.startsWith('event: diff\ndata: ')).toBe(true);
  return JSON.parse(text.slice('event: diff\ndata: '.length)) as SessionsDiff;
};
const byKey = (page: SessionsPage) => new Map(page.rows.map((row) => [sessionKey(row), row]));

describe.each(testServers())('view hub on $name', ({ superuserUrl }) => {
  let monitor: TestRole;
  let pool: pg.Pool;
  let sampler: ClusterSampler;
  const clients: pg.Client[] = [];

  /**
   * Samples now and resolves with that snapshot: the first taken after this call, by the database clock. The sampler
   * keeps sampling, and a round already on its way when called began before what the test just did (flaky: a session
   * opened just before "before" came out as added).
   */
  const sampleNow = async () => {
    const since = await withClient(superuserUrl, async (client) => {
      const { rows } = await client.query<{ at: string }>('select clock_timestamp()::text as at');
      return parseDbTimestamp(rows[0]!.at)!;
    });
    return new Promise<SessionsSnapshot>((resolve) => {
      const off = sampler.onSample((snapshot) => {
        if ((parseDbTimestamp(snapshot.takenAt) ?? since) > since) {
          off();
          resolve(snapshot);
        } else {
          // Listeners run inside the round, which ignores a refresh: ask for the next one once it has ended.
          setTimeout(() => sampler.refreshSoon(), 0);
        }
      });
      sampler.refreshSoon();
    });
  };
  const open = async (applicationName: string) => {
    const client = await connect(superuserUrl, { application_name: applicationName });
    clients.push(client);
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    return { client, pid };
  };

  beforeAll(async () => {
    monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats'] });
    pool = createClusterPool(cluster(monitor.url));
    sampler = new ClusterSampler(cluster(monitor.url), pool);
    await sampler.read();
  });

  afterAll(async () => {
    sampler?.stop();
    await pool?.end();
    for (const client of clients) await client.end().catch(() => {});
    await monitor?.drop();
  });

  it('encodes a snapshot once per view, however many viewers ask and whatever their sort', async () => {
    const hub = new ViewHub('hub');
    const snapshot = await sampler.read();
    const all = parseSessionView({});
    const idle = parseSessionView({ state: 'idle' });
    const first = hub.encode(snapshot, all, noMarks);
    for (let viewer = 0; viewer < 50; viewer++) {
      expect(hub.encode(snapshot, parseSessionView({ sort: 'pid', dir: viewer % 2 ? 'asc' : 'desc' }), noMarks)).toBe(
        first,
      );
      hub.encode(snapshot, idle, noMarks);
    }
    expect(hub.stats.encodes).toBe(2);
    expect(hub.stats.served).toBe(101);
    expect(hub.encode(snapshot, idle, noMarks).etag).not.toBe(first.etag);
    expect(pageOf(first.json)).toEqual(pageOf(gunzipSync(first.gzip)));
    // Compressed once: every later GET gets the same bytes.
    expect(hub.encode(snapshot, all, noMarks).gzip).toBe(first.gzip);

    const next = await sampleNow();
    const second = hub.encode(next, all, noMarks);
    expect(hub.stats.encodes).toBe(3);
    expect(second.etag).not.toBe(first.etag);
    expect(second.etag.startsWith(`"${next.snapshotId}-`)).toBe(true);
    // A change to the protect list is a new encoding of the same snapshot: rows carry isProtected.
    hub.encode(next, all, { ...noMarks, protect: { ...noMarks.protect, users: ['nobody'] } });
    expect(hub.stats.encodes).toBe(4);
  });

  it('sends only added, removed and changed rows between consecutive real snapshots', async () => {
    const hub = new ViewHub('hub');
    const view = parseSessionView({ showPgwarden: '1' });
    const leaving = await open('hub-leaving');
    const steady = await open('hub-steady');
    const changing = await open('hub-changing');
    const before = await sampleNow();
    const firstPage = pageOf(hub.encode(before, view, noMarks).json);

    const arriving = await open('hub-arriving');
    await leaving.client.end();
    await changing.client.query('begin');
    await withClient(superuserUrl, async (client) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const { rowCount } = await client.query('select 1 from pg_stat_activity where pid = $1', [leaving.pid]);
        if (!rowCount) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const after = await sampleNow();
    const encodedBefore = hub.stats.rowsEncoded;
    const encoded = hub.encode(after, view, noMarks);
    expect(encoded.diffBase).toBe(before.snapshotId);
    const diff = diffOf(encoded.diffEvent!);
    const pidsOf = (rows: { pid: number }[]) => rows.map((row) => row.pid);

    expect(pidsOf(diff.added)).toContain(arriving.pid);
    expect(diff.removed).toContain(sessionKey(firstPage.rows.find((row) => row.pid === leaving.pid)!));
    expect(pidsOf(diff.changed)).toContain(changing.pid);
    expect(diff.changed.find((row) => row.pid === changing.pid)!.state).toBe('idle in transaction');
    // Durations are not on the wire, so a session that did nothing is not "changed" although a second has passed.
    expect(pidsOf(diff.changed)).not.toContain(steady.pid);
    expect(pidsOf(diff.added)).not.toContain(steady.pid);
    // Only the rows that are new or changed were turned into JSON again; the others reuse the last snapshot's.
    expect(hub.stats.rowsEncoded - encodedBefore).toBe(diff.added.length + diff.changed.length);
    expect(diff.added.length + diff.changed.length).toBeLessThan(after.sessions.length);

    const applied = applySessionsDiff(firstPage, diff)!;
    const secondPage = pageOf(encoded.json);
    expect(byKey(applied)).toEqual(byKey(secondPage));
    expect(applied.snapshot).toEqual(secondPage.snapshot);
    expect(applied.total).toBe(secondPage.total);
    expect(applied.facets).toEqual(secondPage.facets);
    expect(applied.locks).toEqual(secondPage.locks);
    // A page of another snapshot cannot take this diff.
    expect(applySessionsDiff(secondPage, diff)).toBeNull();
  });

  it("gives the page's first screen: the first rows of the address's view as the page orders the whole body", async () => {
    const hub = new ViewHub('hub');
    const sessions = await Promise.all([open('hub-first'), open('hub-first'), open('hub-first'), open('hub-first')]);
    // Two of them run queries begun at different times, so the default order (query age) has something to order.
    void sessions[0]!.client.query('select pg_sleep(30)').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    void sessions[1]!.client.query('select pg_sleep(30)').catch(() => {});
    const snapshot = await sampleNow();
    try {
      for (const address of [
        { application: 'hub-first' },
        { application: 'hub-first', sort: 'pid', dir: 'asc' },
        { sort: 'pid', dir: 'desc', showPgwarden: '1' },
      ]) {
        const shownView = parseSessionView(address);
        const encoded = hub.encode(snapshot, everySessionView(shownView), noMarks);
        const whole = pageOf(encoded.json);
        const expected = shownSessions(withDurations(whole.rows, whole.snapshot.takenAt), shownView);
        expect(expected.length).toBeGreaterThan(2);
        const json = encoded.firstScreen(shownView, 2);
        const first = JSON.parse(json) as SessionsFirstScreen;
        expect(first.view).toBe(sessionViewToParams(shownView).toString());
        expect(first.shown).toBe(expected.length);
        expect(first.page.rows.map(sessionKey)).toEqual(expected.slice(0, 2).map(sessionKey));
        expect(first.page.rows).toEqual(first.page.rows.map((row) => byKey(whole).get(sessionKey(row))));
        const { rows: _firstRows, ...firstRest } = first.page;
        const { rows: _wholeRows, ...wholeRest } = whole;
        expect(firstRest).toEqual(wholeRest);
        // Once per snapshot and shown view.
        expect(encoded.firstScreen(shownView, 2)).toBe(json);
      }
    } finally {
      for (const { pid } of sessions.slice(0, 2)) {
        await withClient(superuserUrl, (client) => client.query('select pg_cancel_backend($1)', [pid]));
      }
    }
  });

  it('keeps a bounded number of views', async () => {
    const hub = new ViewHub('hub');
    const snapshot = await sampler.read();
    for (let index = 0; index < 100; index++) hub.encode(snapshot, parseSessionView({ search: `q${index}` }), noMarks);
    expect(hub.size).toBeLessThanOrEqual(64);
  });
});
