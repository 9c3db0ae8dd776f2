// For the fuzz spec: statements pgwarden's role ran on the monitored cluster to look up or signal targets
// (the sampler's own pg_stat_activity reads are not counted), from pg_stat_statements.
import type pg from 'pg';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';

export async function lookupAndSignalCalls(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ calls: string }>(
    `select coalesce(sum(s.calls), 0)::text as calls
       from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = $1
        and (s.query ~ 'pg_(terminate|cancel)_backend' or s.query ~ 'with ordinality as t\\(pid, backend_start')`,
    [MONITOR_ROLE],
  );
  return Number(rows[0]!.calls);
}
