// Actions that are not signals are one audit row each, with their facts in detail, read back by the audit page's query.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@/lib/auth/roles';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { testServers, withClient, withUrl } from '@/test/servers';
import { recordAuditEvent } from './audit-log';
import { listAuditEntries } from './audit-query';

describe.each(testServers())('audit events on $name', ({ superuserUrl }) => {
  const database = `pgwarden_event_${randomBytes(4).toString('hex')}`;
  let pool: pg.Pool;
  const identity: Identity = {
    email: 'token:nightly',
    name: null,
    groups: [],
    provider: 'token',
    token: { id: '1', name: 'nightly', role: 'operator', clusters: ['*'], createdBy: 'ada@example.com' },
  };

  beforeAll(async () => {
    await withClient(superuserUrl, (client) => client.query(`create database ${database}`));
    pool = createStatePool(withUrl(superuserUrl, { database }));
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await withClient(superuserUrl, (client) => client.query(`drop database ${database} with (force)`));
  });

  it('stores an event with its detail, actor, token creator and session, and filters by its action', async () => {
    const id = await recordAuditEvent(pool, {
      actor: { identity, role: 'operator' },
      clusterId: 'prod',
      action: 'ask_owner',
      outcome: 'done',
      detail: { team: 'payments', note: 'n'.repeat(5000), receivers: ['slack-payments'] },
      target: { pid: 4242, backendStart: '2026-12-01 10:00:00.5+00', user: 'app', query: 'select 1', queryAgeMs: 1500 },
    });
    await recordAuditEvent(pool, {
      actor: { identity, role: 'operator' },
      clusterId: 'prod',
      action: 'dry_run',
      outcome: 'done',
      detail: { route: 'POST /api/v1/clusters/prod/signals', status: 200 },
      targets: { count: 12, sample: Array.from({ length: 12 }, (_, i) => ({ pid: 100 + i, backendStart: null })) },
    });

    const asked = await listAuditEntries(pool, { clusters: ['prod'], action: 'ask_owner' }, 10);
    expect(asked.entries).toHaveLength(1);
    expect(asked.entries[0]).toMatchObject({
      id,
      action: 'ask_owner',
      outcome: 'done',
      actorEmail: 'token:nightly',
      actorTokenCreator: 'ada@example.com',
      targetPid: 4242,
      targetBackendStart: '2026-12-01T10:00:00.500000Z',
      targetUser: 'app',
      targetQuery: 'select 1',
      queryAgeMs: 1500,
    });
    expect(asked.entries[0]!.detail).toMatchObject({ team: 'payments', receivers: ['slack-payments'] });
    expect(String(asked.entries[0]!.detail!.note).length).toBe(1000);
    expect(asked.entries[0]!.finishedAt).not.toBeNull();

    const dryRun = await listAuditEntries(pool, { clusters: ['prod'], action: 'dry_run' }, 10);
    expect(dryRun.entries[0]).toMatchObject({ targetCount: 12, targetPid: null, detail: { status: 200 } });
    expect(dryRun.entries[0]!.targetSample).toHaveLength(10);
  });

  it('refuses an action the audit log does not know', async () => {
    await expect(
      pool.query(`insert into audit_log (batch_id, action, outcome) values (gen_random_uuid(), 'drop_table', 'done')`),
    ).rejects.toThrow(/audit_log_action_check/);
  });
});
