// Which backends are pgwarden's own, on any of its instances: its cluster pools and its state database pool. They are
// hidden by "Hide pgwarden", left out of Owners and never signalled.
import 'server-only';

export const PGWARDEN_APPLICATION_NAME = 'pgwarden';
export const PGWARDEN_STATE_APPLICATION_NAME = 'pgwarden-state';

/**
 * The role a connection string logs in as, resolved as node-postgres does: the URL's user (or `?user=`), else PGUSER,
 * else the operating-system user.
 */
export function connectionRole(url: string): string | null {
  try {
    const parsed = new URL(url);
    const user = decodeURIComponent(parsed.username) || parsed.searchParams.get('user');
    return user || process.env.PGUSER || process.env.USER || null;
  } catch {
    return null;
  }
}

/**
 * SQL: whether pg_stat_activity row `a` is one of pgwarden's connections. The application name alone could be set by
 * anyone; together with the role it cannot: the cluster pools log in as the monitoring role (current_user), the state
 * pool as the state database's role, given as parameter `stateRoleParam` (null when it has none).
 */
export function isPgwardenSql(stateRoleParam: string): string {
  return `coalesce((a.application_name = '${PGWARDEN_APPLICATION_NAME}' and a.usename = current_user)
         or (a.application_name = '${PGWARDEN_STATE_APPLICATION_NAME}' and a.usename = ${stateRoleParam}::text), false)`;
}
