// A refused request is one audit row (count and sample, caller possibly unknown), read back by the audit page's query.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { testServers, withClient, withUrl } from '@/test/servers';
import { recordRefusal } from './audit-log';
import { listAuditEntries } from './audit-query';
import { summariseRequest } from './refusal-summary';

describe.each(testServers())('refusal rows on $name', ({ superuserUrl }) => {
  const database = `pgwarden_refusal_${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;

  beforeAll(async () => {
    await withClient(superuserUrl, (client) => client.query(`create database ${database}`));
    pool = createStatePool(withUrl(superuserUrl, { database }));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await withClient(superuserUrl, (client) => client.query(`drop database ${database} with (force)`));
  });

  it('writes one row for 5,000 targets, and one for a caller not signed in who named no cluster', async () => {
    const targets = Array.from({ length: 5000 }, (_, i) => ({ pid: 1000 + i, backendStart: '2026-01-01 00:00:00+00' }));
    const identity = { email: `${'a'.repeat(1000)}@example.com`, name: 'x', groups: [], provider: 'local' };
    await recordRefusal(pool, {
      ...summariseRequest({ clusterId: 'prod', action: 'terminate', timeoutMs: 0, targets }, ['prod']),
      actor: { identity, role: 'viewer' },
      clientAddress: null,
      outcome: 'refused',
      message: 'm'.repeat(5000),
    });
    await recordRefusal(pool, {
      ...summariseRequest({ clusterId: 'x'.repeat(900_000), targets: [{ pid: 'x', backendStart: '0000-01-01' }] }, [
        'prod',
      ]),
      actor: null,
      clientAddress: '203.0.113.9',
      outcome: 'refused',
      message: 'no Origin',
    });
    const { rows } = await pool.query<{ count: number }>('select count(*)::int as count from audit_log');
    expect(rows[0]!.count).toBe(2);

    const scoped = await listAuditEntries(pool, { clusters: ['prod'] }, 10);
    expect(scoped.entries).toHaveLength(1);
    expect(scoped.entries[0]).toMatchObject({
      clusterId: 'prod',
      action: 'terminate',
      timeoutMs: 0,
      targetPid: null,
      targetCount: 5000,
      outcome: 'refused',
    });
    expect(scoped.entries[0]!.targetSample).toHaveLength(10);
    expect(scoped.entries[0]!.actorEmail!.length).toBe(320);
    expect(scoped.entries[0]!.outcomeDetail!.length).toBe(1000);

    const withUnscoped = await listAuditEntries(pool, { clusters: ['prod'], unscoped: true }, 10);
    expect(withUnscoped.entries[0]).toMatchObject({
      actorEmail: null,
      clusterId: null,
      action: null,
      clientAddress: '203.0.113.9',
      targetCount: 1,
      targetPid: null,
      targetBackendStart: null,
      targetSample: [{ pid: null, backendStart: null }],
    });
  });
});
