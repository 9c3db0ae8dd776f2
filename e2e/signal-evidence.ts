// Evidence, read on the monitored cluster itself, that a call signalled or did not signal a backend.
import type pg from 'pg';
import { MONITOR_ROLE } from '../scripts/demo/monitor-role';

/** Calls of pg_terminate_backend / pg_cancel_backend by pgwarden's role so far, counted by pg_stat_statements. */
export async function signalCallCount(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ calls: string }>(
    `select coalesce(sum(s.calls), 0)::text as calls
       from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = $1 and s.query ~ 'pg_(terminate|cancel)_backend'`,
    [MONITOR_ROLE],
  );
  return Number(rows[0]!.calls);
}

/** The backend's start as text: a Date would drop the microseconds that (pid, backend_start) is matched on. */
export async function backendStartOf(db: pg.Client, pid: number): Promise<string> {
  const { rows } = await db.query<{ backend_start: string }>(
    'select backend_start::text as backend_start from pg_stat_activity where pid = $1',
    [pid],
  );
  if (!rows[0]) throw new Error(`no backend ${pid}`);
  return rows[0].backend_start;
}

export async function backendAlive(db: pg.Client, target: { pid: number; backendStart: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    'select 1 from pg_stat_activity where pid = $1 and backend_start = $2::timestamptz',
    [target.pid, target.backendStart],
  );
  return rowCount === 1;
}
