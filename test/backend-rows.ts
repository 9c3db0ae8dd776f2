// Reading back what pgwarden recorded about one backend, in tests: its audit log entries and its long-query runs. A
// pid alone names no backend: the kernel reuses pids (pid_max is 32,768 on these machines, and a test run starts
// thousands of processes), so a test that read an earlier test's rows about a reused pid as its own would fail now and
// then. Rows are picked the way pgwarden names a backend: its cluster, pid and backend start.
import type { QueryResultRow } from 'pg';
import { withClient } from './pg-helpers';

export interface RecordedBackend {
  clusterId: string;
  pid: number;
  /** backend_start as text, as pg_stat_activity gives it (microseconds included). */
  backendStart: string;
}

const selectRows = <Row extends QueryResultRow>(stateUrl: string, sql: string, params: unknown[]) =>
  withClient(stateUrl, async (client) => (await client.query<Row>(sql, params)).rows);

/** `columns` (SQL, from the test) of the audit rows about `backend`, optionally of one action, oldest first. */
export function auditRowsOf<Row extends QueryResultRow>(
  stateUrl: string,
  backend: RecordedBackend,
  columns: string,
  action?: string,
): Promise<Row[]> {
  return selectRows<Row>(
    stateUrl,
    `select ${columns} from audit_log
      where cluster_id = $1 and target_pid = $2 and target_backend_start = $3::timestamptz
        and ($4::text is null or action = $4)
      order by id`,
    [backend.clusterId, backend.pid, backend.backendStart, action ?? null],
  );
}

/** `columns` (SQL, from the test) of the long-query runs the history recorded for `backend`, oldest first. */
export function longQueryRowsOf<Row extends QueryResultRow>(
  stateUrl: string,
  backend: RecordedBackend,
  columns: string,
): Promise<Row[]> {
  return selectRows<Row>(
    stateUrl,
    `select ${columns} from long_queries
      where cluster_id = $1 and pid = $2 and backend_start = $3::timestamptz
      order by id`,
    [backend.clusterId, backend.pid, backend.backendStart],
  );
}
