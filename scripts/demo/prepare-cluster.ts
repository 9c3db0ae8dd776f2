// Prepares a running demo PostgreSQL: pgwarden's monitoring login, its state database, the shop database and its
// users. Every step is idempotent and (re)sets each role's password, so the demo can restart on the same data.
import pg from 'pg';
import { scramVerifier } from './db-passwords';
import { MONITOR_ROLE, monitorRoleSql, reservedConnectionsGrantSql } from './monitor-role';
import { DEMO_ROLES, SHOP_DATABASE, prepareShopTables, type DemoRole } from './shop';

export const STATE_ROLE = 'pgwarden_state';
export const STATE_DATABASE = 'pgwarden_state';
/** How many connections PostgreSQL 16+ keeps for roles granted pg_use_reserved_connections (the README's value). */
const DEMO_RESERVED_CONNECTIONS = 6;

/** The passwords the non-superuser roles get on this start. */
export interface DemoPasswords {
  monitor: string;
  state: string;
  roles: Record<DemoRole, string>;
}

const ident = (name: string) => pg.escapeIdentifier(name);
const literal = (value: string) => pg.escapeLiteral(value);

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pgwarden-demo-setup' });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function roleExists(client: pg.Client, role: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  return rowCount === 1;
}

async function databaseExists(client: pg.Client, database: string): Promise<boolean> {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  return rowCount === 1;
}

/** Creates the role when missing, and (re)sets its attributes and password. */
async function ensureLogin(client: pg.Client, role: string, password: string): Promise<void> {
  const verifier = literal(scramVerifier(password));
  const attributes = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS';
  if (!(await roleExists(client, role))) {
    await client.query(`CREATE ROLE ${ident(role)} WITH ${attributes} PASSWORD ${verifier}`);
  } else {
    await client.query(`ALTER ROLE ${ident(role)} WITH ${attributes} PASSWORD ${verifier}`);
  }
}

/** Roles, databases, tables and grants; returns true when a setting needing a restart was changed. */
export async function prepareCluster(
  superuserUrl: string,
  shopUrl: string,
  passwords: DemoPasswords,
  maxConnections: number,
): Promise<boolean> {
  let restart = false;
  await withClient(superuserUrl, async (client) => {
    const version = Number(
      (await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0]?.v,
    );

    // The monitoring role: exactly the README's SQL the first time, then (re)asserted on every start.
    const verifier = literal(scramVerifier(passwords.monitor));
    if (!(await roleExists(client, MONITOR_ROLE))) {
      await client.query(monitorRoleSql(verifier));
    } else {
      await client.query(
        `ALTER ROLE ${MONITOR_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${verifier}`,
      );
      await client.query(`GRANT pg_read_all_stats TO ${MONITOR_ROLE}`);
      await client.query(`GRANT pg_signal_backend TO ${MONITOR_ROLE}`);
      await client.query(reservedConnectionsGrantSql(MONITOR_ROLE));
    }

    // pgwarden's own state database, owned by its own login.
    await ensureLogin(client, STATE_ROLE, passwords.state);
    if (!(await databaseExists(client, STATE_DATABASE))) {
      await client.query(`CREATE DATABASE ${ident(STATE_DATABASE)} OWNER ${ident(STATE_ROLE)}`);
    }
    await client.query(`REVOKE ALL ON DATABASE ${ident(STATE_DATABASE)} FROM PUBLIC`);
    // Every terminate writes its audit entry first, and this state database lives on the monitored cluster.
    await client.query(reservedConnectionsGrantSql(ident(STATE_ROLE)));

    // The demo application's database and its users.
    for (const role of DEMO_ROLES) await ensureLogin(client, role, passwords.roles[role]);
    if (!(await databaseExists(client, SHOP_DATABASE))) await client.query(`CREATE DATABASE ${ident(SHOP_DATABASE)}`);
    await client.query(`REVOKE CONNECT ON DATABASE ${ident(SHOP_DATABASE)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${ident(SHOP_DATABASE)} TO ${DEMO_ROLES.map(ident).join(', ')}`);

    // Query statistics for the console (the launcher preloads the library).
    const available = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'`);
    if (available.rowCount) await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

    // Keep connection slots for pgwarden's two logins (needs a restart to take effect).
    if (version >= 160000 && maxConnections > 10) {
      const current = (await client.query<{ v: string }>(`SELECT current_setting('reserved_connections') AS v`)).rows[0]
        ?.v;
      if (current !== String(DEMO_RESERVED_CONNECTIONS)) {
        await client.query(`ALTER SYSTEM SET reserved_connections = ${DEMO_RESERVED_CONNECTIONS}`);
        restart = true;
      }
    }
  });

  await withClient(shopUrl, prepareShopTables);
  return restart;
}
