// auditRowsOf and longQueryRowsOf read the rows of one backend only, not those of an earlier backend with the same pid.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAuditEvent } from '@/lib/audit/audit-log';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { auditRowsOf, longQueryRowsOf } from './backend-rows';
import { testServers, withClient, withUrl } from './servers';

const [server] = testServers();

describe('rows of one backend', () => {
  const database = `pgwarden_audit_rows_${randomBytes(4).toString('hex')}`;
  const stateUrl = withUrl(server!.superuserUrl, { database });
  let pool: pg.Pool;

  beforeAll(async () => {
    await withClient(server!.superuserUrl, (client) => client.query(`create database ${database}`));
    pool = createStatePool(stateUrl);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await withClient(server!.superuserUrl, (client) => client.query(`drop database ${database} with (force)`));
  });

  const ask = (clusterId: string, backendStart: string, note: string) =>
    recordAuditEvent(pool, {
      actor: {
        identity: { email: 'ada@example.com', name: null, groups: [], provider: 'local' },
        role: 'viewer',
      },
      clusterId,
      action: 'ask_owner',
      outcome: 'done',
      detail: { note },
      target: { pid: 4242, backendStart, user: 'app', query: 'select 1' },
    });

  it("skips another backend's entries under the same pid: an earlier one, and one on another cluster", async () => {
    await ask('prod', '2026-12-01 10:00:00.25+00', 'the earlier backend with this pid');
    await ask('staging', '2026-12-01 11:00:00.123456+00', 'the same pid on another cluster');
    await ask('prod', '2026-12-01 11:00:00.123456+00', 'this backend');
    const backend = { clusterId: 'prod', pid: 4242, backendStart: '2026-12-01 11:00:00.123456+00' };
    expect(await auditRowsOf(stateUrl, backend, "detail->>'note' as note")).toEqual([{ note: 'this backend' }]);
    expect(await auditRowsOf(stateUrl, backend, 'action', 'ask_owner')).toEqual([{ action: 'ask_owner' }]);
    expect(await auditRowsOf(stateUrl, backend, 'action', 'terminate')).toEqual([]);
  });

  it("skips another backend's long-query runs under the same pid", async () => {
    const run = (clusterId: string, backendStart: string, query: string) =>
      pool.query(
        `insert into long_queries (cluster_id, pid, backend_start, query_start, first_seen, last_seen, longest_ms,
                                   query, fingerprint)
         values ($1, 4242, $2, $2, $2, $2, 1000, $3, 'f')`,
        [clusterId, backendStart, query],
      );
    await run('prod', '2026-12-01 10:00:00.25+00', 'the earlier backend with this pid');
    await run('staging', '2026-12-01 11:00:00.123456+00', 'the same pid on another cluster');
    await run('prod', '2026-12-01 11:00:00.123456+00', 'this backend');
    const backend = { clusterId: 'prod', pid: 4242, backendStart: '2026-12-01 11:00:00.123456+00' };
    expect(await longQueryRowsOf(stateUrl, backend, 'query')).toEqual([{ query: 'this backend' }]);
  });
});
