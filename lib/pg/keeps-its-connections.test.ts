// On a cluster out of connections, with its state database on that same cluster and no history writer to keep a state
// connection warm: 20 failing statements cost pgwarden none of its connections, and it still lists and terminates.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type pg from 'pg';
import type { EmbeddedPostgresHandle } from '@/scripts/embedded-postgres';
import { defaultSessionView } from '@/lib/types/session-view';
import { eventually, useTestConfig } from '@/test/pgwarden-config';
import { startPrivateServer } from '@/test/private-server';
import {
  backendStartOf,
  connect,
  createRole,
  openBusySession,
  testServers,
  withUrl,
  type BusySession,
} from '@/test/servers';
import { signedIn } from '@/test/signed-in';

// Only who is signed in is stubbed (next-auth needs a request); PostgreSQL, the pools and the audit log are real.
vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'));
vi.mock('next/headers', () => import('@/test/own-origin-headers'));

const { getConfig } = await import('@/lib/config/load');
const { signalSessions } = await import('@/lib/dal/signals');
const { listSessions } = await import('@/lib/dal/sessions');
const { listOwners } = await import('@/lib/dal/owners');
const { clusterSampler } = await import('@/lib/sessions/cluster-sampler');
const { stopAllSamplers } = await import('@/lib/sessions/sampler');
const { closeAllPools } = await import('@/lib/pg/pools');
const stateDb = await import('@/lib/state/state-db');

const FAILING_STATEMENTS = 20;
const TIMEOUTS = 3;
const OUT_OF_RANGE = 2;

describe.each(testServers())('a full $name', ({ name }) => {
  const clusterId = `full-${name}`;
  let server: EmbeddedPostgresHandle;
  let observer: pg.Client;
  let superuserSession: BusySession;
  let victim: BusySession;
  let appUrl: string;
  const crowd: pg.Client[] = [];

  /** Takes every free connection slot, as a crowd of reconnecting clients does in a connection storm. */
  async function takeFreeSlots() {
    await new Promise((resolve) => setTimeout(resolve, 150)); // let a closed backend exit first
    for (;;) {
      try {
        crowd.push(await connect(appUrl, { application_name: 'storm' }));
      } catch (error) {
        expect((error as { code?: string }).code).toBe('53300');
        return;
      }
    }
  }

  async function ownConnections() {
    const { rows } = await observer.query<{ pid: number; application_name: string }>(
      "select pid, application_name from pg_stat_activity where application_name in ('pgwarden', 'pgwarden-state') order by pid",
    );
    return {
      cluster: rows.filter((row) => row.application_name === 'pgwarden').map((row) => row.pid),
      state: rows.filter((row) => row.application_name === 'pgwarden-state').map((row) => row.pid),
    };
  }

  beforeAll(async () => {
    server = await startPrivateServer(name, { maxConnections: 20, label: 'full' });
    const superuserUrl = server.url();
    // Opened first: the observer and the superuser session use slots the crowd then cannot take.
    observer = await connect(superuserUrl);
    superuserSession = await openBusySession(superuserUrl, { applicationName: 'dba-console' });
    const monitor = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    const stateRole = await createRole(superuserUrl);
    await observer.query(`create database pgwarden_state owner "${stateRole.name}"`);
    const app = await createRole(superuserUrl);
    appUrl = app.url;
    victim = await openBusySession(app.url, { applicationName: 'checkout-api' });

    useTestConfig(`full-${name}`, {
      clusters: [{ id: clusterId, url: monitor.url, statementTimeoutMs: 500, sampleIntervalMs: 250 }],
      stateDatabaseUrl: withUrl(stateRole.url, { database: 'pgwarden_state' }),
      roles: [{ role: 'admin', email: 'admin@test.dev' }],
    });
    // The previous server's config stays in force for up to a second after the file changes.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    signedIn.identity = { email: 'admin@test.dev', name: 'admin', groups: [], provider: 'local' };

    // What the server does at start: open the state database and the cluster's pool (no history writer).
    await stateDb.statePool();
    expect((await listSessions({ clusterId, view: defaultSessionView })).ok).toBe(true);
    await eventually(ownConnections, (own) => own.cluster.length === 2 && own.state.length === 1);
    await takeFreeSlots();
  }, 120_000);

  afterAll(async () => {
    stopAllSamplers();
    await closeAllPools();
    await stateDb.closeStatePool();
    await Promise.all(crowd.map((client) => client.end().catch(() => {})));
    await victim?.close();
    await superuserSession?.close();
    await observer?.end().catch(() => {});
    await server?.stop();
  }, 60_000);

  it('keeps its connections through 20 failing statements, then lists and terminates', async () => {
    const before = await ownConnections();
    expect(before.cluster).toHaveLength(2);
    expect(before.state).toHaveLength(1);
    const unchanged = async () => {
      await takeFreeSlots();
      expect(await ownConnections()).toEqual(before);
    };

    // Nothing writes to the state database for longer than a pool's default idle timeout (10 s): still open.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await unchanged();

    // A sampler query that hits statement_timeout: pg_stat_activity waits for a lock on pg_authid.
    let timeouts = 0;
    clusterSampler(getConfig().clusters.find((cluster) => cluster.id === clusterId)!).onSample((snapshot) => {
      if (snapshot.error?.message.includes('statement timeout')) timeouts++;
    });
    await observer.query('begin');
    await observer.query('lock table pg_authid in access exclusive mode');
    try {
      await eventually(
        async () => timeouts,
        (count) => count >= TIMEOUTS,
        15_000,
      );
    } finally {
      await observer.query('rollback');
    }
    await unchanged();

    // A timestamp PostgreSQL would reject (22008) no longer reaches it: refused as input (issue 8, item 7).
    for (let i = 0; i < OUT_OF_RANGE; i++) {
      const result = await signalSessions({
        clusterId,
        action: 'terminate',
        targets: [{ pid: victim.pid, backendStart: '2026-13-45 25:61:00+00' }],
      });
      expect(result).toMatchObject({ ok: false, code: 'invalid_input' });
      await unchanged();
    }

    // Signals PostgreSQL refuses (42501): a superuser's session, for a non-superuser role.
    const superuserTarget = {
      pid: superuserSession.pid,
      backendStart: await backendStartOf(server.url(), superuserSession.pid),
    };
    for (let i = 0; i < FAILING_STATEMENTS - timeouts; i++) {
      const result = await signalSessions({
        clusterId,
        action: i % 2 ? 'cancel' : 'terminate',
        targets: [superuserTarget],
        confirmation: clusterId,
      });
      expect(result.ok && result.data.results[0]?.outcome).toBe('not_permitted');
      await unchanged();
    }

    // Still there: the list is fresh, and a terminate (audited first, in the state database on this cluster) works.
    const listed = await eventually(
      () => listSessions({ clusterId, view: { ...defaultSessionView, interval: 1000 } }),
      (page) => page.ok && page.data.snapshot.error === null && page.data.rows.some((row) => row.pid === victim.pid),
    );
    expect(listed.ok).toBe(true);
    const terminated = await signalSessions({
      clusterId,
      action: 'terminate',
      targets: [{ pid: victim.pid, backendStart: await backendStartOf(server.url(), victim.pid) }],
    });
    expect(terminated.ok && terminated.data.results[0]?.outcome).toBe('terminated');
    await unchanged();
  }, 90_000);

  it('counts its state database connections as its own: hidden, not an owner, never signalled', async () => {
    const { state } = await ownConnections();
    const page = await listSessions({ clusterId, view: { ...defaultSessionView, interval: 1000 } });
    expect(page.ok && page.data.rows.map((row) => row.applicationName)).not.toContain('pgwarden-state');
    const shown = await listSessions({ clusterId, view: { ...defaultSessionView, showPgwarden: true } });
    expect(
      shown.ok &&
        shown.data.rows
          .filter((row) => row.isPgwarden)
          .map((row) => row.pid)
          .sort(),
    ).toEqual([...(await ownConnections()).cluster, ...state].sort());
    const owners = await listOwners({ clusterId, by: 'application' });
    expect(owners.ok && owners.data.groups.map((group) => group.key)).not.toContain('pgwarden-state');
    const refused = await signalSessions({
      clusterId,
      action: 'terminate',
      targets: [{ pid: state[0]!, backendStart: await backendStartOf(server.url(), state[0]!) }],
    });
    expect(refused.ok && refused.data.results[0]).toMatchObject({ outcome: 'refused' });
    expect((await ownConnections()).state).toEqual(state);
  });
});
