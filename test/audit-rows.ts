// Reading pgwarden's audit log back in tests. A pid alone names no backend: the kernel reuses pids (pid_max is 32,768
// on these machines, and a test run starts thousands of processes), so a test that read an earlier test's entry about
// a reused pid as its own would fail now and then. Rows are picked the way pgwarden names a backend: its cluster,
// pid and backend start.
import type { QueryResultRow } from 'pg';
import { withClient } from './pg-helpers';

export interface AuditedBackend {
  clusterId: string;
  pid: number;
  /** backend_start as text, as pg_stat_activity gives it (microseconds included). */
  backendStart: string;
}

/** `columns` (SQL, from the test) of the audit rows about `backend`, optionally of one action, oldest first. */
export async function auditRowsOf<Row extends QueryResultRow>(
  stateUrl: string,
  backend: AuditedBackend,
  columns: string,
  action?: string,
): Promise<Row[]> {
  return withClient(stateUrl, async (client) => {
    const { rows } = await client.query<Row>(
      `select ${columns} from audit_log
        where cluster_id = $1 and target_pid = $2 and target_backend_start = $3::timestamptz
          and ($4::text is null or action = $4)
        order by id`,
      [backend.clusterId, backend.pid, backend.backendStart, action ?? null],
    );
    return rows;
  });
}
