// What a monitored server is and what pgwarden's role may do there: version, privileges, columns.
import 'server-only';
import type pg from 'pg';
import { runQuery } from './query';
import type { ClusterPrivileges } from '@/lib/types/session';

export interface ServerInfo {
  versionNum: number;
  version: string;
  privileges: ClusterPrivileges;
  /** A server setting that changes only with a restart, after which pgwarden probes the server again. */
  maxConnections: number;
  /** Columns of pg_stat_activity on this server; older servers lack some. */
  activityColumns: Set<string>;
}

const SERVER_INFO_SQL = `
select current_setting('server_version_num')::int as version_num,
       current_setting('server_version') as version,
       current_setting('max_connections')::int as max_connections,
       r.rolsuper as is_superuser,
       r.rolsuper or pg_has_role(current_user, 'pg_read_all_stats', 'usage') as can_read_all_stats,
       r.rolsuper or pg_has_role(current_user, 'pg_signal_backend', 'usage') as can_signal_backends,
       array(select attname::text from pg_attribute
             where attrelid = 'pg_catalog.pg_stat_activity'::regclass and attnum > 0 and not attisdropped) as columns
from pg_roles r where r.rolname = current_user`;

export async function probeServer(pool: pg.Pool): Promise<ServerInfo> {
  const { rows } = await runQuery<{
    version_num: number;
    version: string;
    max_connections: number;
    is_superuser: boolean;
    can_read_all_stats: boolean;
    can_signal_backends: boolean;
    columns: string[];
  }>(pool, SERVER_INFO_SQL);
  const row = rows[0];
  if (!row) throw new Error('could not read server information');
  return {
    versionNum: row.version_num,
    version: row.version,
    maxConnections: row.max_connections,
    privileges: {
      isSuperuser: row.is_superuser,
      canReadAllStats: row.can_read_all_stats,
      canSignalBackends: row.can_signal_backends,
    },
    activityColumns: new Set(row.columns),
  };
}
