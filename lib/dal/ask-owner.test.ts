// "Ask the owner" end to end below the browser: real PostgreSQL sessions, the real config loader and audit database,
// and a recording sink registered with lib/notify (the webhook outbox's place); only who is signed in is stubbed.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationEvent } from '@/lib/notify/notification-event';
import { registerNotificationSink } from '@/lib/notify/publish';
import { parseSessionDetailParam } from '@/lib/notify/session-path';
import type { SessionRow } from '@/lib/types/session';
import { defaultSessionView } from '@/lib/types/session-view';
import { auditRowsOf } from '@/test/backend-rows';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import {
  createRole,
  openBusySession,
  testServers,
  withClient,
  withUrl,
  type BusySession,
  type TestRole,
} from '@/test/servers';
import { signedIn } from '@/test/signed-in';

vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { askOwner, sessionOwner } = await import('./ask-owner');
const { listSessions } = await import('./sessions');
const { listOwners } = await import('./owners');

const servers = testServers();
const stateDb = `pgwarden_state_ask_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(servers[0]!.superuserUrl, { database: stateDb });
const suffix = randomBytes(3).toString('hex');
const nightly = `nightly-load-${suffix}`;
const adhoc = `adhoc-${suffix}`;
monitoredClustersForFile('dal-ask-owner', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250 },
  stateDatabaseUrl: stateUrl,
  roles: [
    { role: 'viewer', email: 'viewer@test.dev' },
    { role: 'operator', email: 'operator@test.dev' },
  ],
  owners: [
    { team: 'data', contact: '#data-oncall', receiver: 'data-hook', applications: ['nightly-load-*'] },
    { team: 'analysts', contact: 'analysts@example.com', applications: [`adhoc-${suffix}`] },
  ],
  // Named so the owners entry may use it; nothing delivers in this file (the recording sink below takes the events).
  notifications: {
    receivers: [{ id: 'data-hook', url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(32), events: [] }],
  },
});

const delivered: NotificationEvent[] = [];
let failing = false;
let unregister: () => void = () => {};

beforeAll(async () => {
  await withClient(servers[0]!.superuserUrl, (client) => client.query(`create database ${stateDb}`));
  unregister = registerNotificationSink({
    name: 'test-recorder',
    async enqueue(event) {
      if (failing) throw new Error('outbox unavailable');
      delivered.push(event);
    },
  });
});
afterAll(() => unregister());

function as(email: string) {
  signedIn.identity = { email, name: email.split('@')[0]!, groups: [], provider: 'local' };
}

function auditRows(clusterId: string, { pid, backendStart }: SessionRow) {
  if (backendStart === null) throw new Error(`session ${pid} is listed without its backend_start`);
  return auditRowsOf<{
    action: string;
    outcome: string;
    actor_email: string | null;
    actor_role: string | null;
    outcome_detail: string | null;
    detail: Record<string, unknown> | null;
    target_user: string | null;
    target_query: string | null;
  }>(
    stateUrl,
    { clusterId, pid, backendStart },
    'action, outcome, actor_email, actor_role, outcome_detail, detail, target_user, target_query',
    'ask_owner',
  );
}

describe.each(servers)('asking the owner on $name', ({ name: clusterId, superuserUrl }) => {
  let app: TestRole;
  const busy: BusySession[] = [];

  /**
   * A session of the latest sample, as the sessions page lists it (with its exact backend_start text and team), once
   * the sample shows its application name: a backend still starting up is listed without one.
   */
  async function listed(pid: number, applicationName: string): Promise<SessionRow> {
    as('viewer@test.dev');
    const page = await eventually(
      () => listSessions({ clusterId, view: defaultSessionView }),
      (result) =>
        result.ok && result.data.rows.some((row) => row.pid === pid && row.applicationName === applicationName),
    );
    return page.ok ? (page.data.rows.find((row) => row.pid === pid) as SessionRow) : (undefined as never);
  }

  async function open(applicationName: string) {
    const session = await openBusySession(app.url, { applicationName, sql: 'select pg_sleep(120) /* ask-owner */' });
    busy.push(session);
    return { session, row: await listed(session.pid, applicationName) };
  }

  beforeAll(async () => {
    app = await createRole(superuserUrl);
  });
  beforeEach(async () => {
    delivered.length = 0;
    failing = false;
    await withClient(stateUrl, (client) => client.query('delete from refusal_limits')).catch(() => {});
  });
  afterEach(() => {
    signedIn.identity = null;
  });
  afterAll(async () => {
    for (const session of busy) await session.close();
    await app.drop();
  });

  it('marks the team on the session, groups Owners by team with contacts, and tells the panel who to ask', async () => {
    const { row } = await open(`${nightly}-a`);
    expect(row.team).toBe('data');
    const owners = await eventually(
      () => listOwners({ clusterId, by: 'team' }),
      (result) => result.ok && result.data.groups.some((group) => group.key === 'data'),
    );
    expect(owners.ok && owners.data.contacts).toEqual({ data: '#data-oncall', analysts: 'analysts@example.com' });
    expect(await sessionOwner({ clusterId, pid: row.pid, backendStart: row.backendStart })).toEqual({
      ok: true,
      data: { team: 'data', contact: '#data-oncall', canAsk: true },
    });
  });

  it('sends a viewer’s note with the session, its durations, the query and a deep link, and audits it', async () => {
    const { row } = await open(`${nightly}-b`);
    as('viewer@test.dev');
    const result = await askOwner({
      clusterId,
      pid: row.pid,
      backendStart: row.backendStart,
      note: '  May we stop it? ',
    });
    expect(result).toMatchObject({ ok: true, data: { team: 'data', receiver: 'data-hook' } });
    expect(delivered).toHaveLength(1);
    const event = delivered[0]!;
    expect(event).toMatchObject({
      type: 'ask_owner',
      clusterId,
      receiverId: 'data-hook',
      team: 'data',
      sender: { email: 'viewer@test.dev', name: 'viewer' },
      note: 'May we stop it?',
      session: {
        pid: row.pid,
        backendStart: row.backendStart,
        user: app.name,
        database: 'postgres',
        applicationName: `${nightly}-b`,
        state: 'active',
        query: 'select pg_sleep(120) /* ask-owner */',
      },
    });
    if (event.type !== 'ask_owner') throw new Error('not an ask_owner event');
    expect(event.session.queryAgeMs).toBeGreaterThan(0);
    expect(event.session.xactAgeMs).toBeGreaterThan(0);
    expect(event.summary).toContain(`viewer@test.dev asks data about session ${row.pid}`);
    const link = new URL(event.path, 'https://pgwarden.example');
    expect(link.pathname).toBe(`/clusters/${clusterId}/sessions`);
    expect(parseSessionDetailParam(link.searchParams.get('detail'))).toEqual({
      pid: row.pid,
      backendStart: row.backendStart,
    });
    const rows = await auditRows(clusterId, row);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'ask_owner',
        outcome: 'done',
        actor_email: 'viewer@test.dev',
        actor_role: 'viewer',
        target_user: app.name,
        target_query: 'select pg_sleep(120) /* ask-owner */',
        detail: { team: 'data', receiver: 'data-hook', note: 'May we stop it?' },
      }),
    ]);
    if (result.ok) expect(result.data.auditId).not.toBeNull();
  });

  it('sends one message per session per sender per minute; another sender may still ask', async () => {
    const { row } = await open(`${nightly}-c`);
    const ask = { clusterId, pid: row.pid, backendStart: row.backendStart, note: 'still running?' };
    as('viewer@test.dev');
    expect((await askOwner(ask)).ok).toBe(true);
    // The same instant written as ISO 8601 names the same session, and counts as the same session's minute.
    const iso = row.backendStart!.replace(' ', 'T').replace(/\+00$/, 'Z');
    expect(iso).not.toBe(row.backendStart);
    const again = await askOwner({ ...ask, backendStart: iso });
    expect(again).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(!again.ok && again.message).toMatch(/less than 60 s ago; nothing was sent\. Try again in \d+ s/);
    as('operator@test.dev');
    expect((await askOwner(ask)).ok).toBe(true);
    expect(delivered.map((event) => (event.type === 'ask_owner' ? event.sender.email : ''))).toEqual([
      'viewer@test.dev',
      'operator@test.dev',
    ]);
    expect((await auditRows(clusterId, row)).map((audited) => audited.outcome)).toEqual(['done', 'refused', 'done']);
  });

  it('refuses a team without a receiver with its contact, a session gone, a bad note and a caller without a role', async () => {
    const { session, row } = await open(adhoc);
    as('viewer@test.dev');
    expect(await sessionOwner({ clusterId, pid: row.pid, backendStart: row.backendStart })).toEqual({
      ok: true,
      data: { team: 'analysts', contact: 'analysts@example.com', canAsk: false },
    });
    const ask = { clusterId, pid: row.pid, backendStart: row.backendStart, note: 'hello' };
    const noReceiver = await askOwner(ask);
    expect(noReceiver).toMatchObject({ ok: false, code: 'conflict' });
    expect(!noReceiver.ok && noReceiver.message).toContain('reach it at analysts@example.com');

    const empty = await askOwner({ ...ask, note: '   ' });
    expect(empty).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!empty.ok && empty.message).toContain('note is empty');
    const long = await askOwner({ ...ask, note: 'x'.repeat(1001) });
    expect(!long.ok && long.message).toContain('note must be at most 1000 characters');

    as('stranger@test.dev');
    expect(await askOwner(ask)).toMatchObject({ ok: false, code: 'forbidden' });

    as('viewer@test.dev');
    await session.close();
    const gone = await eventually(
      () => askOwner(ask),
      (result) => !result.ok && result.code === 'not_found',
    );
    expect(!gone.ok && gone.message).toMatch(/has ended .* nothing was sent/);
    expect(delivered).toHaveLength(0);
    const outcomes = (await auditRows(clusterId, row)).map((audited) => [audited.outcome, audited.actor_email]);
    expect(outcomes).toContainEqual(['refused', 'viewer@test.dev']);
    expect(outcomes).toContainEqual(['refused', 'stranger@test.dev']);
    expect(outcomes).toContainEqual(['failed', 'viewer@test.dev']);
  });

  it('says so when the message cannot be queued, audits it as failed, and lets the sender retry at once', async () => {
    const { row } = await open(`${nightly}-d`);
    as('viewer@test.dev');
    const ask = { clusterId, pid: row.pid, backendStart: row.backendStart, note: 'please look' };
    failing = true;
    const failed = await askOwner(ask);
    expect(failed).toMatchObject({ ok: false, code: 'unavailable' });
    expect(!failed.ok && failed.message).toContain('reach the team at #data-oncall');
    failing = false;
    expect((await askOwner(ask)).ok).toBe(true);
    expect((await auditRows(clusterId, row)).map((audited) => audited.outcome)).toEqual(['failed', 'done']);
  });
});
