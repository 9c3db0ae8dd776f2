// The demo's PostgreSQL: an embedded PostgreSQL 18 prepared with pgwarden's least-privilege monitoring role, a state
// database for pgwarden's own tables, and a small "shop" application database (customers, inventory, orders,
// stock_reservations) used by several demo login roles. Every step is idempotent, so the demo can be restarted on the
// same data folder.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

export const MONITOR_ROLE = 'pgwarden_monitor';
export const STATE_ROLE = 'pgwarden_state';
export const STATE_DATABASE = 'pgwarden_state';
export const SHOP_DATABASE = 'shop';
/** The login roles of the demo application database, each standing for a different kind of user. */
export const DEMO_ROLES = ['app_checkout', 'app_reports', 'analyst_maria', 'etl_batch'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];
/** The inventory row the demo workload's lock chain fights over. */
export const LOCKED_INVENTORY_ID = 42;
/** How many connections PostgreSQL 16+ keeps for roles granted pg_use_reserved_connections. */
export const DEMO_RESERVED_CONNECTIONS = 3;

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

export interface DemoClusterOptions {
  /** The PostgreSQL data folder; created (initdb) when missing, reused otherwise. */
  dataDir: string;
  /** Preferred TCP port (default 54329); the next free one is used when it is taken. Never 5432. */
  port?: number;
  maxConnections?: number;
  /** Receives PostgreSQL's own log output and the demo's notes. */
  log?: (line: string) => void;
}

export interface DemoCluster {
  handle: EmbeddedPostgresHandle;
  port: number;
  dataDir: string;
  /** Superuser, database "postgres". These URLs hold passwords: never print them. */
  superuserUrl: string;
  /** pgwarden_monitor, database "postgres": what pgwarden's cluster config uses. */
  monitorUrl: string;
  /** pgwarden_state, database "pgwarden_state": pgwarden's own audit/history tables. */
  stateUrl: string;
  /** A demo role, database "shop". */
  shopUrlFor(role: DemoRole): string;
  /** Stops PostgreSQL (fast shutdown) and waits until the postmaster is gone. Idempotent. */
  stop(): Promise<void>;
}

/** A random password safe in URLs (base64url, 144 bits). */
export function randomDbPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A SCRAM-SHA-256 verifier as PostgreSQL stores it; `PASSWORD '<verifier>'` sets a password without sending it. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The 0600 file beside the data folder that keeps the superuser password, so a restart reuses the data. */
export function superuserPasswordFile(dataDir: string): string {
  return `${path.resolve(dataDir)}.superuser-password`;
}

function readOrCreateSuperuserPassword(dataDir: string): string {
  const file = superuserPasswordFile(dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (existsSync(file)) {
    const password = readFileSync(file, 'utf8').trim();
    if (password) {
      chmodSync(file, 0o600);
      return password;
    }
  }
  if (initialised) {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster but its superuser password file ${file} is missing: ` +
        `delete ${dataDir} to start over with a fresh demo database`,
    );
  }
  const password = randomDbPassword();
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${password}\n`, { mode: 0o600 });
  renameSync(temporary, file);
  return password;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** The postmaster's pid from postmaster.pid, or undefined when there is none. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isPostmasterOf(pid: number, dataDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(cmdline[0] ?? '') === 'postgres' && cmdline.includes(path.resolve(dataDir));
  } catch {
    return false;
  }
}

/** Stops a postmaster (SIGINT = fast shutdown), escalating to SIGQUIT and SIGKILL; resolves when it is gone. */
async function stopPostmasterPid(pid: number, graceMs = 20_000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(pid, sig);
    } catch {
      // gone already
    }
  };
  signal('SIGINT');
  if (await waitForExit(pid, graceMs)) return;
  signal('SIGQUIT');
  if (await waitForExit(pid, 5000)) return;
  signal('SIGKILL');
  await waitForExit(pid, 5000);
}

/** A demo killed with SIGKILL leaves its postmaster running; stop it before starting a new one on the same data. */
async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid === undefined || !isAlive(pid) || !isPostmasterOf(pid, dataDir)) return;
  log(`stopping PostgreSQL (pid ${pid}) left running on ${dataDir} by an earlier run\n`);
  await stopPostmasterPid(pid);
}

function urlFor(port: number, user: string, password: string, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
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

const SHOP_SCHEMA = `
CREATE TABLE IF NOT EXISTS customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL UNIQUE,
  name       text NOT NULL,
  region     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS inventory (
  id         bigint PRIMARY KEY,
  sku        text NOT NULL UNIQUE,
  name       text NOT NULL,
  on_hand    integer NOT NULL DEFAULT 0,
  reserved   integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  sku         text NOT NULL,
  quantity    integer NOT NULL DEFAULT 1,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS stock_reservations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inventory_id bigint NOT NULL REFERENCES inventory (id),
  order_id     bigint,
  quantity     integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
CREATE INDEX IF NOT EXISTS orders_created_at_idx ON orders (created_at);
`;

const SHOP_SEED = `
INSERT INTO customers (email, name, region)
SELECT format('customer%s@example.com', n),
       (ARRAY['Ada','Grace','Linus','Margaret','Ken','Barbara','Dennis','Frances'])[1 + n % 8] || ' ' ||
       (ARRAY['Lovelace','Hopper','Torvalds','Hamilton','Thompson','Liskov','Ritchie','Allen'])[1 + (n / 8) % 8],
       (ARRAY['eu-west','eu-central','us-east','us-west','ap-south'])[1 + n % 5]
FROM generate_series(1, 250) AS n
WHERE NOT EXISTS (SELECT 1 FROM customers);

INSERT INTO inventory (id, sku, name, on_hand, reserved)
SELECT n, format('SKU-%s', lpad(n::text, 4, '0')),
       (ARRAY['Espresso beans','Pour-over kettle','Burr grinder','Ceramic mug','Milk frother','Cold brew jar'])[1 + n % 6]
         || ' #' || n,
       50 + (n * 37) % 400, (n * 7) % 20
FROM generate_series(1, 60) AS n
ON CONFLICT (id) DO NOTHING;

INSERT INTO orders (customer_id, sku, quantity, status, total_cents, created_at)
SELECT 1 + (n * 7919) % 250, format('SKU-%s', lpad((1 + (n * 31) % 60)::text, 4, '0')), 1 + n % 3,
       (ARRAY['pending','paid','paid','shipped','shipped','shipped','cancelled'])[1 + n % 7],
       500 + (n * 1237) % 20000, now() - make_interval(mins => n * 53)
FROM generate_series(1, 3000) AS n
WHERE NOT EXISTS (SELECT 1 FROM orders);
`;

const ROLE_GRANTS: Record<DemoRole, string> = {
  app_checkout: 'SELECT, INSERT, UPDATE',
  app_reports: 'SELECT',
  analyst_maria: 'SELECT',
  etl_batch: 'SELECT, INSERT, UPDATE, DELETE',
};

interface Passwords {
  monitor: string;
  state: string;
  roles: Record<DemoRole, string>;
}

/** Roles, databases, tables and grants; returns true when a setting needing a restart was changed. */
async function prepare(
  superuserUrl: string,
  shopUrl: string,
  passwords: Passwords,
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
      const sql = monitorRoleSql(verifier);
      await client.query(version >= 160000 ? sql : sql.replace(/^GRANT pg_use_reserved_connections.*$/m, ''));
    } else {
      await client.query(
        `ALTER ROLE ${MONITOR_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${verifier}`,
      );
      await client.query(`GRANT pg_read_all_stats TO ${MONITOR_ROLE}`);
      await client.query(`GRANT pg_signal_backend TO ${MONITOR_ROLE}`);
      if (version >= 160000) await client.query(`GRANT pg_use_reserved_connections TO ${MONITOR_ROLE}`);
    }

    // pgwarden's own state database, owned by its own login.
    await ensureLogin(client, STATE_ROLE, passwords.state);
    if (!(await databaseExists(client, STATE_DATABASE))) {
      await client.query(`CREATE DATABASE ${ident(STATE_DATABASE)} OWNER ${ident(STATE_ROLE)}`);
    }
    await client.query(`REVOKE ALL ON DATABASE ${ident(STATE_DATABASE)} FROM PUBLIC`);

    // The demo application's database and its users.
    for (const role of DEMO_ROLES) await ensureLogin(client, role, passwords.roles[role]);
    if (!(await databaseExists(client, SHOP_DATABASE))) await client.query(`CREATE DATABASE ${ident(SHOP_DATABASE)}`);
    await client.query(`REVOKE CONNECT ON DATABASE ${ident(SHOP_DATABASE)} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${ident(SHOP_DATABASE)} TO ${DEMO_ROLES.map(ident).join(', ')}`);

    // Query statistics for the console (the launcher preloads the library).
    const available = await client.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'`);
    if (available.rowCount) await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');

    // Keep a few connection slots for pgwarden_monitor (needs a restart to take effect).
    if (version >= 160000 && maxConnections > 10) {
      const current = (await client.query<{ v: string }>(`SELECT current_setting('reserved_connections') AS v`)).rows[0]
        ?.v;
      if (current !== String(DEMO_RESERVED_CONNECTIONS)) {
        await client.query(`ALTER SYSTEM SET reserved_connections = ${DEMO_RESERVED_CONNECTIONS}`);
        restart = true;
      }
    }
  });

  await withClient(shopUrl, async (client) => {
    await client.query(SHOP_SCHEMA);
    await client.query(SHOP_SEED);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${DEMO_ROLES.map(ident).join(', ')}`);
    for (const role of DEMO_ROLES) {
      await client.query(`GRANT ${ROLE_GRANTS[role]} ON ALL TABLES IN SCHEMA public TO ${ident(role)}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(role)}`);
    }
    await client.query('ANALYZE');
  });
  return restart;
}

/**
 * Starts (and, the first time, creates) the demo PostgreSQL under `dataDir` and prepares its roles and databases.
 * Passwords of the non-superuser roles are new on every start; the superuser's is kept in a 0600 file beside the data
 * folder (see superuserPasswordFile).
 */
export async function startDemoCluster(options: DemoClusterOptions): Promise<DemoCluster> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  if (options.port === 5432) throw new Error('the demo never uses port 5432 (keep it for a real PostgreSQL)');
  await stopLeftoverPostmaster(dataDir, log);
  const superuserPassword = readOrCreateSuperuserPassword(dataDir);

  const launch = (port: number) =>
    startEmbeddedPostgres({ dataDir, port, password: superuserPassword, maxConnections: options.maxConnections, log });
  let handle = await launch(options.port ?? 54329);
  let pid = postmasterPid(dataDir);

  const stopServer = async () => {
    const stopping = handle.stop().catch(() => {});
    // handle.stop() never settles when the server already exited (say, after a Ctrl-C reached it directly), so
    // watch the postmaster's pid as well.
    if (pid === undefined) {
      await Promise.race([stopping, sleep(20_000)]);
    } else {
      await Promise.race([stopping, waitForExit(pid, 20_000)]);
      if (isAlive(pid)) await stopPostmasterPid(pid, 1000);
    }
  };

  const passwords: Passwords = {
    monitor: randomDbPassword(),
    state: randomDbPassword(),
    roles: Object.fromEntries(DEMO_ROLES.map((role) => [role, randomDbPassword()])) as Record<DemoRole, string>,
  };
  try {
    const restart = await prepare(
      handle.url('postgres'),
      handle.url(SHOP_DATABASE),
      passwords,
      options.maxConnections ?? 200,
    );
    if (restart) {
      log('restarting PostgreSQL to apply reserved_connections\n');
      await stopServer();
      handle = await launch(handle.port);
      pid = postmasterPid(dataDir);
    }
  } catch (error) {
    await stopServer();
    throw error;
  }

  const port = handle.port;
  let stopped: Promise<void> | undefined;
  return {
    handle,
    port,
    dataDir,
    superuserUrl: handle.url('postgres'),
    monitorUrl: urlFor(port, MONITOR_ROLE, passwords.monitor, 'postgres'),
    stateUrl: urlFor(port, STATE_ROLE, passwords.state, STATE_DATABASE),
    shopUrlFor: (role) => {
      if (!DEMO_ROLES.includes(role)) throw new Error(`unknown demo role ${String(role)}`);
      return urlFor(port, role, passwords.roles[role], SHOP_DATABASE);
    },
    stop: () => (stopped ??= stopServer()),
  };
}
