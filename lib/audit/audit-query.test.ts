import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@/lib/auth/roles';
import type { RoleName } from '@/lib/config/schema';
import { createStatePool, migrate } from '@/lib/state/state-db';
import type { AuditEntry } from '@/lib/types/audit';
import type { SignalAction, SignalOutcome } from '@/lib/types/signal';
import { testServers, withClient, withUrl } from '@/test/servers';
import { recordAttempt, recordOutcomes } from './audit-log';
import { countAuditEntries, listAuditEntries, type AuditQuery } from './audit-query';

const ALL = ['prod', 'staging', 'secret'];

function actor(email: string, role: RoleName | null) {
  const identity: Identity = { email, name: email.split('@')[0]!, groups: [], provider: 'local' };
  return { identity, role };
}

interface Seed {
  email: string;
  role: RoleName | null;
  cluster: string;
  action: SignalAction;
  targets: { pid: number; user: string; application: string; outcome: SignalOutcome | null; refusedAtOnce?: boolean }[];
  /** How long ago, as a PostgreSQL interval, or an absolute timestamp. */
  at?: { ago: string } | { exactly: string };
}

// Inserted oldest first, as the application would have written them.
const seeds: Seed[] = [
  {
    email: 'dave@example.com',
    role: 'admin',
    cluster: 'secret',
    action: 'terminate',
    targets: [{ pid: 107, user: 'app', application: 'api', outcome: null }],
    at: { exactly: '2025-06-01 12:00:00+00' },
  },
  {
    email: 'carol@other.org',
    role: 'viewer',
    cluster: 'prod',
    action: 'cancel',
    targets: [{ pid: 106, user: 'app', application: 'api', outcome: 'refused', refusedAtOnce: true }],
    at: { ago: '10 days' },
  },
  {
    email: 'alice@example.com',
    role: 'operator',
    cluster: 'staging',
    action: 'cancel',
    targets: [{ pid: 102, user: 'batch', application: 'etl, nightly', outcome: 'cancelled' }],
    at: { ago: '2 days' },
  },
  {
    email: 'alice@example.com',
    role: 'operator',
    cluster: 'prod',
    action: 'terminate',
    targets: [{ pid: 101, user: 'app', application: 'api', outcome: 'terminated' }],
    at: { ago: '2 hours' },
  },
  {
    email: 'Bob@Example.com',
    role: 'admin',
    cluster: 'prod',
    action: 'terminate',
    targets: [
      { pid: 103, user: 'app', application: 'api', outcome: 'terminated' },
      { pid: 104, user: 'app', application: 'worker', outcome: 'still_running' },
      { pid: 105, user: 'report', application: 'bi', outcome: 'refused', refusedAtOnce: true },
    ],
  },
];

describe.each(testServers())('audit query on $name', ({ superuserUrl }) => {
  const database = `pgwarden_audit_${randomBytes(4).toString('hex')}`;
  const url = withUrl(superuserUrl, { database });
  let pool: pg.Pool;

  async function pids(query: Partial<AuditQuery>, limit = 100): Promise<number[]> {
    const page = await listAuditEntries(pool, { clusters: ALL, ...query }, limit);
    return page.entries.map((entry) => entry.targetPid!);
  }

  async function entryOf(pid: number): Promise<AuditEntry> {
    const page = await listAuditEntries(pool, { clusters: ALL }, 100);
    return page.entries.find((entry) => entry.targetPid === pid)!;
  }

  beforeAll(async () => {
    await withClient(superuserUrl, (client) => client.query(`create database ${pg.escapeIdentifier(database)}`));
    pool = createStatePool(url);
    await migrate(pool);
    for (const seed of seeds) {
      const ids = await recordAttempt(
        pool,
        actor(seed.email, seed.role),
        seed.cluster,
        seed.action,
        seed.action === 'terminate' ? 5000 : null,
        seed.targets.map((target) => ({
          target: {
            pid: target.pid,
            requestedBackendStart: '2026-01-02 03:04:05.123456+00',
            user: target.user,
            database: 'shop',
            applicationName: target.application,
            clientAddr: '10.0.0.7',
            state: 'active',
            backendType: 'client backend',
            query: `select pg_sleep(${target.pid}) -- "slow", really\nfrom t`,
            queryAgeMs: 7_380_000.5,
            xactAgeMs: 41_000,
            backendAgeMs: 86_400_000,
            stateAgeMs: 850,
          },
          outcome: target.refusedAtOnce ? { outcome: 'refused', message: 'protected user' } : undefined,
        })),
      );
      const sent = seed.targets.filter((target) => target.outcome && !target.refusedAtOnce);
      await recordOutcomes(
        pool,
        sent.map((target) => ({
          auditId: ids.get(target.pid)!,
          outcome: target.outcome!,
          message: `${target.outcome} ok`,
        })),
      );
      if (seed.at) {
        const [sql, value] =
          'ago' in seed.at
            ? ['update audit_log set at = now() - $2::interval where id = any($1::bigint[])', seed.at.ago]
            : ['update audit_log set at = $2::timestamptz where id = any($1::bigint[])', seed.at.exactly];
        await pool.query(sql, [[...ids.values()], value]);
      }
    }
  });

  afterAll(async () => {
    await pool?.end();
    await withClient(superuserUrl, (client) =>
      client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`),
    );
  });

  it('lists newest first, every column mapped, timestamps in UTC with microseconds', async () => {
    expect(await pids({})).toEqual([105, 104, 103, 101, 102, 106, 107]);
    const entry = await entryOf(101);
    expect(entry).toMatchObject({
      actorEmail: 'alice@example.com',
      actorName: 'alice',
      actorRole: 'operator',
      actorProvider: 'local',
      clusterId: 'prod',
      action: 'terminate',
      timeoutMs: 5000,
      targetPid: 101,
      targetBackendStart: '2026-01-02T03:04:05.123456Z',
      targetUser: 'app',
      targetDatabase: 'shop',
      targetApplication: 'api',
      targetClient: '10.0.0.7',
      targetState: 'active',
      targetBackendType: 'client backend',
      targetQuery: 'select pg_sleep(101) -- "slow", really\nfrom t',
      queryAgeMs: 7_380_000.5,
      xactAgeMs: 41_000,
      backendAgeMs: 86_400_000,
      stateAgeMs: 850,
      outcome: 'terminated',
      outcomeDetail: 'terminated ok',
    });
    expect(entry.id).toMatch(/^\d+$/);
    expect(entry.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(entry.finishedAt).toMatch(/Z$/);
    expect((await entryOf(102)).timeoutMs).toBeNull();
  });

  it('keeps an entry pending, without finishedAt, until its outcome is written', async () => {
    expect(await entryOf(107)).toMatchObject({ outcome: 'pending', outcomeDetail: null, finishedAt: null });
    expect(await entryOf(106)).toMatchObject({ outcome: 'refused', outcomeDetail: 'protected user' });
  });

  it('shows only the clusters passed in, and nothing for none', async () => {
    expect(await pids({ clusters: ['prod'] })).toEqual([105, 104, 103, 101, 106]);
    expect(await pids({ clusters: ['staging', 'secret'] })).toEqual([102, 107]);
    expect(await pids({ clusters: ['elsewhere'] })).toEqual([]);
    expect(await pids({ clusters: [] })).toEqual([]);
  });

  it('filters by actor email, contained, in any case, with no wildcards', async () => {
    expect(await pids({ actor: 'alice' })).toEqual([101, 102]);
    expect(await pids({ actor: 'BOB@example' })).toEqual([105, 104, 103]);
    expect(await pids({ actor: '@example.com' })).toEqual([105, 104, 103, 101, 102, 107]);
    expect(await pids({ actor: '%' })).toEqual([]);
    expect(await pids({ actor: '_' })).toEqual([]);
  });

  it('filters by target user and application, exactly', async () => {
    expect(await pids({ user: 'app' })).toEqual([104, 103, 101, 106, 107]);
    expect(await pids({ user: 'ap' })).toEqual([]);
    expect(await pids({ application: 'etl, nightly' })).toEqual([102]);
    expect(await pids({ application: 'worker', user: 'app' })).toEqual([104]);
  });

  it('filters by outcome and by action', async () => {
    expect(await pids({ outcome: 'refused' })).toEqual([105, 106]);
    expect(await pids({ outcome: 'pending' })).toEqual([107]);
    expect(await pids({ outcome: 'still_running' })).toEqual([104]);
    expect(await pids({ action: 'cancel' })).toEqual([102, 106]);
    expect(await pids({ action: 'terminate', outcome: 'terminated' })).toEqual([103, 101]);
  });

  it('finds one entry by id, still within the visible clusters', async () => {
    const { id } = await entryOf(102);
    expect(await pids({ id })).toEqual([102]);
    expect(await pids({ id, clusters: ['prod'] })).toEqual([]);
    expect(await pids({ id: '999999999' })).toEqual([]);
  });

  it('counts back presets from the database clock', async () => {
    expect(await pids({ range: '1h' })).toEqual([105, 104, 103]);
    expect(await pids({ range: '24h' })).toEqual([105, 104, 103, 101]);
    expect(await pids({ range: '7d' })).toEqual([105, 104, 103, 101, 102]);
    expect(await pids({ range: '30d' })).toEqual([105, 104, 103, 101, 102, 106]);
  });

  it('takes from inclusive and to exclusive, reading timestamps without an offset as UTC', async () => {
    const older = await entryOf(102);
    const newer = await entryOf(101);
    expect(await pids({ from: older.at, to: newer.at })).toEqual([102]);
    expect(await pids({ from: '2025-06-01T12:00' })).toContain(107);
    expect(await pids({ from: '2025-06-01 12:00:01' })).not.toContain(107);
    expect(await pids({ to: '2025-06-01T14:00+02:00' })).toEqual([]);
    expect(await pids({ to: '2025-06-01T14:00:01+02:00' })).toEqual([107]);
    expect(await pids({ from: '2025-06-01', to: '2025-06-02' })).toEqual([107]);
  });

  it('reads and writes UTC whatever the session time zone', async () => {
    const tokyo = new pg.Pool({ connectionString: url, max: 1, options: '-c TimeZone=Asia/Tokyo' });
    try {
      const page = await listAuditEntries(
        tokyo,
        { clusters: ALL, from: '2025-06-01T12:00', to: '2025-06-01T12:00:01' },
        10,
      );
      expect(page.entries.map((entry) => [entry.targetPid, entry.at])).toEqual([[107, '2025-06-01T12:00:00.000000Z']]);
    } finally {
      await tokyo.end();
    }
  });

  it('pages by keyset, without gaps or repeats, and says when there is no further page', async () => {
    const all = await pids({});
    const seen: number[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await listAuditEntries(pool, { clusters: ALL, before }, 3);
      seen.push(...page.entries.map((entry) => entry.targetPid!));
      before = page.nextCursor ?? undefined;
      pages++;
    } while (before);
    expect(seen).toEqual(all);
    expect(pages).toBe(3);
    expect((await listAuditEntries(pool, { clusters: ALL }, all.length)).nextCursor).toBeNull();
    const filtered = await listAuditEntries(pool, { clusters: ALL, user: 'app' }, 2);
    expect(filtered.entries.map((entry) => entry.targetPid)).toEqual([104, 103]);
    expect(await pids({ user: 'app', before: filtered.nextCursor! })).toEqual([101, 106, 107]);
  });

  it('orders by id as a number across digit boundaries (9 before 10)', async () => {
    const bulk = Array.from({ length: 12 }, (_, index) => ({
      target: { pid: 201 + index, requestedBackendStart: '2026-01-02 03:04:05+00' },
    }));
    await recordAttempt(pool, actor('eve@example.com', 'admin'), 'bulk', 'cancel', null, bulk);
    const expected = bulk.map(({ target }) => target.pid).reverse();
    expect(await pids({ clusters: ['bulk'] })).toEqual(expected);
    const first = await listAuditEntries(pool, { clusters: ['bulk'] }, 5);
    const rest = await listAuditEntries(pool, { clusters: ['bulk'], before: first.nextCursor! }, 100);
    expect([...first.entries, ...rest.entries].map((entry) => entry.targetPid)).toEqual(expected);
  });

  it('counts matches up to a cap', async () => {
    expect(await countAuditEntries(pool, { clusters: ALL }, 100)).toBe(7);
    expect(await countAuditEntries(pool, { clusters: ALL }, 4)).toBe(4);
    expect(await countAuditEntries(pool, { clusters: ['prod'], outcome: 'refused' }, 100)).toBe(2);
  });

  it('treats hostile filter text as data', async () => {
    expect(await pids({ actor: "'; drop table audit_log; --", user: "app' or '1'='1" })).toEqual([]);
    expect(await countAuditEntries(pool, { clusters: ALL }, 100)).toBe(7);
  });
});
