import { describe, expect, it } from 'vitest';
import type { LongQueryRecord } from '@/lib/types/history';
import { longQueriesCsv } from './history-csv';

const record: LongQueryRecord = {
  id: '1',
  pid: 42,
  backendStart: '2025-03-01T00:00:00.000Z',
  queryStart: '2025-03-01T00:01:00.000Z',
  firstSeen: '2025-03-01T00:01:30.000Z',
  lastSeen: '2025-03-01T00:05:00.000Z',
  longestMs: 240_000.4,
  user: 'alice',
  database: 'shop',
  application: '=HYPERLINK("x")',
  client: null,
  query: 'select "a", b\nfrom t',
  queryId: null,
  fingerprint: 't:abc',
  team: 'payments',
  ended: 'terminated',
  endedByAuditId: '7',
  auditIds: ['6', '7'],
};

describe('longQueriesCsv', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    const [header, row] = longQueriesCsv([record]).split('\r\n');
    expect(header).toBe(
      'query_start,first_seen,last_seen,longest_ms,ended,ended_by_audit_id,audit_ids,pid,backend_start,user,database,application,team,client,query_id,fingerprint,query',
    );
    expect(row).toBe(
      `2025-03-01T00:01:00.000Z,2025-03-01T00:01:30.000Z,2025-03-01T00:05:00.000Z,240000,terminated,7,6 7,42,2025-03-01T00:00:00.000Z,alice,shop,"'=HYPERLINK(""x"")",payments,,,t:abc,"select ""a"", b\nfrom t"`,
    );
  });
});
