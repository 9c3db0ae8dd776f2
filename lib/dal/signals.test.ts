import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Identity } from '@/lib/auth/roles';
import { defaultSessionView } from '@/lib/types/session-view';
import { auditRowsOf } from '@/test/backend-rows';
import { monitoredClustersForFile } from '@/test/pgwarden-config';
import {
  backendIsAlive,
  createRole,
  openBusySession,
  testServers,
  withClient,
  withUrl,
  type BusySession,
  type TestRole,
} from '@/test/servers';
import { signedIn } from '@/test/signed-in';

// Only who is signed in is stubbed (next-auth needs a request); config, PostgreSQL and the audit database are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { signalSessions } = await import('./signals');
const { listSessions } = await import('./sessions');

const servers = testServers();
const stateDb = `pgwarden_state_dal_${randomBytes(4).toString('hex')}`;
const stateUrl = withUrl(servers[0]!.superuserUrl, { database: stateDb });
monitoredClustersForFile('dal-signals', {
  grants: ['pg_read_all_stats', 'pg_signal_backend'],
  stateDatabaseUrl: stateUrl,
  protect: { applications: ['protected-app'] },
  roles: [
    { role: 'admin', email: 'admin@test.dev' },
    { role: 'operator', domain: 'ops.test.dev' },
    { role: 'viewer', email: 'viewer@test.dev' },
  ],
});

function as(email: string) {
  signedIn.identity = { email, name: email.split('@')[0]!, groups: [], provider: 'local' };
}

const auditRows = (clusterId: string, session: BusySession) =>
  auditRowsOf<{
    actor_email: string;
    actor_role: string;
    outcome: string;
    target_query: string | null;
    cluster_id: string;
  }>(stateUrl, { clusterId, ...session }, 'actor_email, actor_role, outcome, target_query, cluster_id');

beforeAll(async () => {
  await withClient(servers[0]!.superuserUrl, (client) => client.query(`create database ${stateDb}`));
});

describe.each(servers)('signalSessions on $name', ({ name: clusterId, superuserUrl }) => {
  let app: TestRole;
  const sessions: BusySession[] = [];
  async function busy(applicationName = 'checkout-api') {
    const session = await openBusySession(app.url, { applicationName, sql: 'select pg_sleep(120) /* dal-test */' });
    sessions.push(session);
    return { session, target: { pid: session.pid, backendStart: session.backendStart } };
  }

  beforeAll(async () => {
    app = await createRole(superuserUrl);
  });
  beforeEach(async () => {
    signedIn.identity = null;
    // Each test starts with no refusals counted (REFUSAL_LIMIT per minute would add up over the servers).
    await withClient(stateUrl, (client) => client.query('delete from refusal_limits')).catch(() => {});
  });
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await app.drop();
  });

  it('an operator terminates one session; the audit log names them and what was killed', async () => {
    const { session, target } = await busy();
    as('oncall@ops.test.dev');
    const result = await signalSessions({ clusterId, action: 'terminate', targets: [target], timeoutMs: 5000 });
    expect(result).toMatchObject({ ok: true, data: { results: [{ pid: session.pid, outcome: 'terminated' }] } });
    expect(await auditRows(clusterId, session)).toEqual([
      expect.objectContaining({
        actor_email: 'oncall@ops.test.dev',
        actor_role: 'operator',
        outcome: 'terminated',
        cluster_id: clusterId,
        target_query: expect.stringContaining('dal-test'),
      }),
    ]);
  });

  it('refuses a viewer, audits the refusal and signals nothing', async () => {
    const { session, target } = await busy();
    as('viewer@test.dev');
    const result = await signalSessions({ clusterId, action: 'terminate', targets: [target] });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    expect(await auditRows(clusterId, session)).toEqual([
      expect.objectContaining({ actor_email: 'viewer@test.dev', outcome: 'refused' }),
    ]);
  });

  it('refuses the signed-out and the unmapped', async () => {
    const { session, target } = await busy();
    expect(await signalSessions({ clusterId, action: 'cancel', targets: [target] })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    as('stranger@elsewhere.dev');
    expect(await signalSessions({ clusterId, action: 'cancel', targets: [target] })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
  });

  it('rejects malformed input with a message naming the field', async () => {
    as('admin@test.dev');
    const result = await signalSessions({
      clusterId,
      action: 'terminate',
      targets: [{ pid: 'x', backendStart: "1'; drop table" }],
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(!result.ok && result.message).toMatch(/targets\.0\.pid/);
  });

  it('a refused request of many targets is one audit row, with the count and a sample', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => busy('etl-nightly')));
    as('oncall@ops.test.dev');
    const result = await signalSessions({ clusterId, action: 'cancel', targets: made.map((item) => item.target) });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    const rows = await withClient(stateUrl, async (client) => {
      const { rows } = await client.query(
        `select target_pid, target_count, jsonb_array_length(target_sample) as sampled, outcome, cluster_id
           from audit_log where actor_email = 'oncall@ops.test.dev' and target_count = 12 and cluster_id = $1`,
        [clusterId],
      );
      return rows;
    });
    expect(rows).toEqual([
      { target_pid: null, target_count: 12, sampled: 10, outcome: 'refused', cluster_id: clusterId },
    ]);
  });

  it('bulk needs admin, and more than ten targets need the typed count', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => busy('etl-nightly')));
    const targets = made.map((item) => item.target);
    as('oncall@ops.test.dev');
    expect(await signalSessions({ clusterId, action: 'terminate', targets })).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    as('admin@test.dev');
    expect(await signalSessions({ clusterId, action: 'terminate', targets })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await backendIsAlive(superuserUrl, targets[0]!.pid)).toBe(true);
    const result = await signalSessions({ clusterId, action: 'terminate', targets, confirmation: '12' });
    expect(result.ok && result.data.results.map((item) => item.outcome)).toEqual(Array(12).fill('terminated'));
  });

  it('marks protected sessions in the list, so the dialog asks for the typed confirmation', async () => {
    const { session } = await busy('protected-app');
    as('viewer@test.dev');
    const page = await listSessions({ clusterId, view: { ...defaultSessionView, interval: 1000 } });
    expect(page.ok).toBe(true);
    const rows = page.ok ? page.data.rows : [];
    await expect
      .poll(async () => {
        const fresh = await listSessions({ clusterId, view: { ...defaultSessionView, interval: 1000 } });
        return fresh.ok && fresh.data.rows.find((row) => row.pid === session.pid)?.isProtected;
      })
      .toBe(true);
    expect(rows.filter((row) => row.isProtected).every((row) => row.applicationName === 'protected-app')).toBe(true);
  });

  it('protected sessions need an admin and a typed confirmation', async () => {
    const { session, target } = await busy('protected-app');
    as('oncall@ops.test.dev');
    const refused = await signalSessions({ clusterId, action: 'terminate', targets: [target] });
    expect(refused.ok && refused.data.results[0]?.outcome).toBe('refused');
    as('admin@test.dev');
    expect(await signalSessions({ clusterId, action: 'terminate', targets: [target] })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    const done = await signalSessions({ clusterId, action: 'terminate', targets: [target], confirmation: clusterId });
    expect(done.ok && done.data.results[0]?.outcome).toBe('terminated');
    expect(await backendIsAlive(superuserUrl, session.pid)).toBe(false);
  });

  it('never signals background processes or pgwarden itself', async () => {
    const { checkpointer, own } = await withClient(superuserUrl, async (client) => {
      const { rows } = await client.query<{
        pid: number;
        backend_start: string;
        backend_type: string;
        application_name: string;
      }>(
        "select pid, backend_start::text, backend_type, application_name from pg_stat_activity where backend_type = 'checkpointer' or application_name = 'pgwarden'",
      );
      const toTarget = (row: { pid: number; backend_start: string } | undefined) =>
        row && { pid: row.pid, backendStart: row.backend_start };
      return {
        checkpointer: toTarget(rows.find((row) => row.backend_type === 'checkpointer')),
        own: toTarget(rows.find((row) => row.application_name === 'pgwarden')),
      };
    });
    as('admin@test.dev');
    for (const target of [checkpointer, own]) {
      const result = await signalSessions({ clusterId, action: 'terminate', targets: [target!] });
      expect(result.ok && result.data.results[0]?.outcome).toBe('refused');
      expect(await backendIsAlive(superuserUrl, target!.pid)).toBe(true);
    }
  });

  it('sends no signal when the audit log cannot be written', async () => {
    const { session, target } = await busy();
    await withClient(stateUrl, (client) => client.query('alter table audit_log rename to audit_log_away'));
    try {
      as('oncall@ops.test.dev');
      const result = await signalSessions({ clusterId, action: 'terminate', targets: [target] });
      expect(result).toMatchObject({ ok: false, code: 'unavailable' });
      expect(!result.ok && result.message).toMatch(/nothing was signalled/);
      expect(await backendIsAlive(superuserUrl, session.pid)).toBe(true);
    } finally {
      await withClient(stateUrl, (client) => client.query('alter table audit_log_away rename to audit_log'));
    }
  });

  it('concurrent terminates by several operators lose no audit entry', async () => {
    const made = await Promise.all(Array.from({ length: 6 }, () => busy()));
    const results = await Promise.all(
      made.map(async ({ target }, index) => {
        const identity: Identity = { email: `op${index}@ops.test.dev`, name: null, groups: [], provider: 'local' };
        signedIn.identity = identity;
        return signalSessions({ clusterId, action: 'terminate', targets: [target] });
      }),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    for (const { session } of made) {
      const rows = await auditRows(clusterId, session);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.outcome).toBe('terminated');
    }
  });
});
