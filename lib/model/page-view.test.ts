import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { configSchema } from '@/lib/config/schema';
import { ViewHub } from '@/lib/live/view-hub';
import { createClusterPool } from '@/lib/pg/pools';
import { ClusterSampler } from '@/lib/sessions/sampler';
import { sessionKey } from '@/lib/types/session';
import { parseSessionView, sessionViewToParams } from '@/lib/types/session-view';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { connect, createRole, testServers, type TestRole } from '@/test/servers';
import { everySessionView, shownSessions } from './page-view';
import { toLiveRow, withDurations } from './session-durations';

const noMarks = { protect: { users: [], applications: [], databases: [] }, owners: [] };
const cluster = (url: string) =>
  configSchema.parse({ clusters: [{ id: 'page-view', url, sampleIntervalMs: 60_000 }] }).clusters[0]!;
const pageOf = (json: Buffer) => (JSON.parse(json.toString()) as { data: SessionsPage }).data;

describe.each(testServers())('filtering in the page on $name', ({ superuserUrl }) => {
  let monitor: TestRole;
  let pool: pg.Pool;
  let sampler: ClusterSampler;
  const clients: pg.Client[] = [];
  const open = async (applicationName: string, sql?: string) => {
    const client = await connect(superuserUrl, { application_name: applicationName });
    clients.push(client);
    if (sql) void client.query(sql).catch(() => {});
    return client;
  };

  beforeAll(async () => {
    monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats'] });
    pool = createClusterPool(cluster(monitor.url));
    sampler = new ClusterSampler(cluster(monitor.url), pool);
    await open('page-view-idle');
    await (await open('page-view-in-xact')).query('begin');
    await open('page-view-busy', 'select pg_sleep(30) /* page view busy */');
    await open('page-view-busy', 'select pg_sleep(30) /* page view other */');
    await new Promise((resolve) => setTimeout(resolve, 1100));
  });

  afterAll(async () => {
    sampler?.stop();
    await pool?.end();
    for (const client of clients) await client.end().catch(() => {});
    await monitor?.drop();
  });

  it("shows the same rows as the server's filter for the same view, from the page of every session", async () => {
    const snapshot = await sampler.read();
    const hub = new ViewHub('page-view');
    const every = pageOf(hub.encode(snapshot, everySessionView(parseSessionView({})), noMarks).json);
    expect(every.rows.length).toBe(snapshot.sessions.length);
    const inPage = withDurations(every.rows, every.snapshot.takenAt);
    const views = [
      {},
      { showPgwarden: '1' },
      { state: 'idle' },
      { state: 'idle in transaction', application: 'page-view-in-xact' },
      { application: 'page-view-busy', hideIdle: '1' },
      { hideIdle: '1', sort: 'pid', dir: 'asc' },
      { search: 'PAGE VIEW busy' },
      { minDurationSeconds: '1', by: 'queryAgeMs' },
      { minDurationSeconds: '1', by: 'backendAgeMs', showPgwarden: '1' },
      { user: 'nobody-at-all' },
      { backendType: 'client backend', database: 'postgres' },
    ];
    for (const params of views) {
      const view = parseSessionView(params);
      const fromServer = pageOf(hub.encode(snapshot, view, noMarks).json);
      const shown = shownSessions(inPage, view);
      expect(shown.map(sessionKey).sort(), JSON.stringify(params)).toEqual(fromServer.rows.map(sessionKey).sort());
      // The same rows, field by field, as the server sends them for that view.
      const served = new Map(fromServer.rows.map((row) => [sessionKey(row), row]));
      for (const row of shown) expect(toLiveRow(row)).toEqual(served.get(sessionKey(row)));
    }
    const busy = shownSessions(inPage, parseSessionView({ application: 'page-view-busy' }));
    expect(busy).toHaveLength(2);
    const idle = shownSessions(inPage, parseSessionView({ application: 'page-view-idle', state: 'idle' }));
    expect(idle).toHaveLength(1);
  });

  it('asks the server for no filter, at the view’s interval', () => {
    const view = parseSessionView({ state: 'idle', hideIdle: '1', search: 'x', interval: '5000', sort: 'pid' });
    expect(sessionViewToParams(everySessionView(view)).toString()).toBe('showPgwarden=1&interval=5000');
  });
});
