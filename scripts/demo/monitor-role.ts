// pgwarden's least-privilege monitoring login, as the README tells users to create it; the demo, the e2e tests and the
// benchmarks create it with the same SQL.
export const MONITOR_ROLE = 'pgwarden_monitor';

/**
 * Creates pgwarden's least-privilege monitoring login. `passwordLiteral` is an SQL literal (quoted); the demo passes a
 * SCRAM verifier so the clear-text password never reaches the server.
 */
export function monitorRoleSql(passwordLiteral = "'choose-a-long-random-password'"): string {
  return `-- pgwarden's login: sees every session (query text, wait events, client address) and may cancel or
-- terminate sessions of non-superusers. It is not a superuser and is granted no access to table data.
CREATE ROLE ${MONITOR_ROLE} WITH LOGIN PASSWORD ${passwordLiteral}
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
-- read every row of pg_stat_activity, including other users' query text
GRANT pg_read_all_stats TO ${MONITOR_ROLE};
-- pg_cancel_backend() / pg_terminate_backend() on sessions of non-superuser roles
GRANT pg_signal_backend TO ${MONITOR_ROLE};
-- PostgreSQL 16 and later (leave out on older servers): may still connect when max_connections is used up,
-- as long as the server keeps some slots with reserved_connections (ALTER SYSTEM SET reserved_connections = 3).
GRANT pg_use_reserved_connections TO ${MONITOR_ROLE};
`;
}

/** The SQL the README quotes to create pgwarden's monitoring role (replace the password). */
export const MONITOR_ROLE_SQL = monitorRoleSql();
