// Looks up what the user confirmed, by (pid, backend_start) and for a cancel also query_start, as it is right now.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import { isPgwardenSql } from '@/lib/pg/own-connections';
import { stateRoleOf } from '@/lib/pg/pools';

export interface SignalTarget {
  pid: number;
  requestedBackendStart: string;
  present: boolean;
  backendStart: string | null;
  user: string | null;
  database: string | null;
  applicationName: string | null;
  clientAddr: string | null;
  backendType: string | null;
  state: string | null;
  query: string | null;
  queryStart: string | null;
  leaderPid: number | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  backendAgeMs: number | null;
  stateAgeMs: number | null;
  userIsSuperuser: boolean;
  isPgwarden: boolean;
  /** Whether PostgreSQL's own rules should let pgwarden's role signal it (it decides in the end). */
  predictedPermitted: boolean;
}

const TARGETS_SQL = `
select t.pid,
       t.backend_start::text as requested_backend_start,
       a.pid is not null as present,
       a.backend_start::text as backend_start,
       a.usename as user_name, a.datname as database, a.application_name,
       host(a.client_addr) as client_addr, a.backend_type, a.state, a.query,
       a.query_start::text as query_start, a.leader_pid,
       case when a.state in ('active', 'fastpath function call')
            then extract(epoch from now() - a.query_start)::float8 * 1000 end as query_age_ms,
       extract(epoch from now() - a.xact_start)::float8 * 1000 as xact_age_ms,
       extract(epoch from now() - a.backend_start)::float8 * 1000 as backend_age_ms,
       extract(epoch from now() - a.state_change)::float8 * 1000 as state_age_ms,
       coalesce(r.rolsuper, false) as user_is_superuser,
       ${isPgwardenSql('$3')} as is_pgwarden,
       me.rolsuper or (not coalesce(r.rolsuper, false) and a.usesysid is not null and (
         pg_has_role(current_user, 'pg_signal_backend', 'usage') or pg_has_role(current_user, a.usesysid, 'usage')
       )) as predicted_permitted
  from unnest($1::int[], $2::timestamptz[], $4::timestamptz[]) with ordinality as t(pid, backend_start, query_start, ord)
  left join pg_stat_activity a on a.pid = t.pid and a.backend_start = t.backend_start
   and (t.query_start is null or a.query_start = t.query_start)
  left join pg_roles r on r.oid = a.usesysid
 cross join (select rolsuper from pg_roles where rolname = current_user) me
 order by t.ord`;

interface TargetRecord {
  pid: number;
  requested_backend_start: string;
  present: boolean;
  backend_start: string | null;
  user_name: string | null;
  database: string | null;
  application_name: string | null;
  client_addr: string | null;
  backend_type: string | null;
  state: string | null;
  query: string | null;
  query_start: string | null;
  leader_pid: number | null;
  query_age_ms: number | null;
  xact_age_ms: number | null;
  backend_age_ms: number | null;
  state_age_ms: number | null;
  user_is_superuser: boolean;
  is_pgwarden: boolean;
  predicted_permitted: boolean | null;
}

export async function lookupTargets(
  pool: pg.Pool,
  targets: { pid: number; backendStart: string; queryStart?: string | null }[],
): Promise<SignalTarget[]> {
  const { rows } = await runQuery<TargetRecord>(pool, TARGETS_SQL, [
    targets.map((target) => target.pid),
    targets.map((target) => target.backendStart),
    stateRoleOf(pool),
    targets.map((target) => target.queryStart ?? null),
  ]);
  return rows.map((row) => ({
    pid: row.pid,
    requestedBackendStart: row.requested_backend_start,
    present: row.present,
    backendStart: row.backend_start,
    user: row.user_name,
    database: row.database,
    applicationName: row.application_name,
    clientAddr: row.client_addr,
    backendType: row.backend_type,
    state: row.state,
    query: row.query,
    queryStart: row.query_start,
    leaderPid: row.leader_pid === row.pid ? null : row.leader_pid,
    queryAgeMs: row.query_age_ms,
    xactAgeMs: row.xact_age_ms,
    backendAgeMs: row.backend_age_ms,
    stateAgeMs: row.state_age_ms,
    userIsSuperuser: row.user_is_superuser,
    isPgwarden: row.is_pgwarden,
    predictedPermitted: row.predicted_permitted === true,
  }));
}
