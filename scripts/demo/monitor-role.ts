// pgwarden's logins as the README tells users to create them; the demo, the e2e tests and the benchmarks create the
// monitoring login with the same SQL (scripts/demo/readme-roles.test.ts checks it is the README's, and runs both).
export const MONITOR_ROLE = 'pgwarden_monitor';

/** pg_use_reserved_connections on PostgreSQL 16+; older servers have no such role, so nothing is granted there. */
export function reservedConnectionsGrantSql(role: string): string {
  return `DO $$
BEGIN
  IF current_setting('server_version_num')::int >= 160000 THEN
    GRANT pg_use_reserved_connections TO ${role};
  END IF;
END $$;`;
}

/**
 * Creates pgwarden's least-privilege monitoring login. `passwordLiteral` is an SQL literal (quoted); the demo passes a
 * SCRAM verifier so the clear-text password never reaches the server.
 */
export function monitorRoleSql(passwordLiteral = "'choose-a-long-random-password'"): string {
  return `CREATE ROLE ${MONITOR_ROLE} WITH LOGIN PASSWORD ${passwordLiteral}
  NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
GRANT pg_read_all_stats TO ${MONITOR_ROLE};     -- every session's query, wait events, client
GRANT pg_signal_backend TO ${MONITOR_ROLE};     -- pg_cancel_backend / pg_terminate_backend
-- PostgreSQL 16+: may connect into the reserved_connections slots when max_connections is used up (skipped before 16)
${reservedConnectionsGrantSql(MONITOR_ROLE)}`;
}

/** The SQL the README quotes to create pgwarden's monitoring role (replace the password). */
export const MONITOR_ROLE_SQL = monitorRoleSql();
