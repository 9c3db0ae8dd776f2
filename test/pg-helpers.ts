// PostgreSQL helpers for tests (vitest and Playwright): clients, throw-away roles and busy sessions.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { THROWAWAY_ROLE_PREFIX } from './constants';

/** The same connection string with another database, user and/or password. */
export function withUrl(url: string, change: { database?: string; user?: string; password?: string }): string {
  const next = new URL(url);
  if (change.database !== undefined) next.pathname = `/${encodeURIComponent(change.database)}`;
  if (change.user !== undefined) next.username = encodeURIComponent(change.user);
  if (change.password !== undefined) next.password = encodeURIComponent(change.password);
  return next.toString();
}

/**
 * Opens a connected pg.Client. An 'error' listener is attached so a backend terminated by a test does not crash the
 * worker (pending queries still reject). Close it with `client.end()`.
 */
export async function connect(url: string, config: Omit<pg.ClientConfig, 'connectionString'> = {}): Promise<pg.Client> {
  const client = new pg.Client({ ...config, connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `fn` with a fresh client and always closes it. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestRole {
  name: string;
  password: string;
  /** Connection string for this role (same host, port and database as the superuser URL unless `database` was given). */
  url: string;
  /** Drops the role (and what it owns in the superuser URL's database). Idempotent. Close its clients first. */
  drop(): Promise<void>;
}

export interface CreateRoleOptions {
  /** Roles to grant, e.g. ['pg_read_all_stats', 'pg_signal_backend'] or ['pg_monitor']. */
  grants?: string[];
  /** Extra role attributes, e.g. ['CREATEDB'] or ['SUPERUSER']. LOGIN is always set. */
  attributes?: string[];
  /** Database for the returned `url` (default: the superuser URL's). */
  database?: string;
  /** Role name; default a random `pgwarden_t_…` name (stale ones are dropped by the next run on PostgreSQL 15). */
  name?: string;
}

/** Creates a throw-away login role with a random password and the given grants. Call `drop()` in afterAll/afterEach. */
export async function createRole(superuserUrl: string, options: CreateRoleOptions = {}): Promise<TestRole> {
  const name = options.name ?? `${THROWAWAY_ROLE_PREFIX}${randomBytes(6).toString('hex')}`;
  const password = randomBytes(18).toString('base64url');
  const role = pg.escapeIdentifier(name);
  await withClient(superuserUrl, async (client) => {
    const attributes = ['LOGIN', ...(options.attributes ?? [])].join(' ');
    await client.query(`CREATE ROLE ${role} ${attributes} PASSWORD ${pg.escapeLiteral(password)}`);
    for (const grant of options.grants ?? []) {
      await client.query(`GRANT ${pg.escapeIdentifier(grant)} TO ${role}`);
    }
  });
  return {
    name,
    password,
    url: withUrl(superuserUrl, { user: name, password, database: options.database }),
    drop: () =>
      withClient(superuserUrl, async (client) => {
        const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
        if (!rowCount) return;
        await client.query(`DROP OWNED BY ${role}`);
        await client.query(`DROP ROLE ${role}`);
      }),
  };
}

export interface BusySession {
  /** Backend pid of the session. */
  pid: number;
  /** Its backend_start as text (microseconds included): with the pid, what names this backend. */
  backendStart: string;
  client: pg.Client;
  /** Settles when the statement ends: undefined on success, the error when it failed (cancelled, terminated...). */
  outcome: Promise<Error | undefined>;
  /** Ends the session: terminates its backend (allowed for one's own role) and closes the client. */
  close(): Promise<void>;
}

/**
 * Opens a session that runs `sql` (default `SELECT pg_sleep(600)`) and resolves once pg_stat_activity shows it
 * active, so tests can list, cancel or terminate it without racing.
 */
export async function openBusySession(
  url: string,
  options: { sql?: string; applicationName?: string; timeoutMs?: number } = {},
): Promise<BusySession> {
  const client = await connect(url, { application_name: options.applicationName ?? 'pgwarden-test' });
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const pid = rows[0]!.pid;
  let settled = false;
  const outcome = client.query(options.sql ?? 'SELECT pg_sleep(600)').then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  void outcome.then(() => (settled = true));
  const close = async () => {
    await withClient(url, (other) => other.query('SELECT pg_terminate_backend($1)', [pid])).catch(() => {});
    await client.end().catch(() => {});
    await outcome;
  };
  let backendStart: string;
  try {
    backendStart = await withClient(url, async (observer) => {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      for (;;) {
        const { rows: state } = await observer.query<{ state: string | null; backend_start: string }>(
          'SELECT state, backend_start::text FROM pg_stat_activity WHERE pid = $1',
          [pid],
        );
        if (state[0]?.state === 'active') return state[0].backend_start;
        if (settled) throw new Error(`session ${pid} finished before it was seen active: ${String(await outcome)}`);
        if (Date.now() > deadline) throw new Error(`session ${pid} did not become active`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { pid, backendStart, client, outcome, close };
}

/** backend_start of a backend, as text exactly as pgwarden reads it (to build signal targets). */
export async function backendStartOf(url: string, pid: number): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ s: string }>(
      'select backend_start::text as s from pg_stat_activity where pid = $1',
      [pid],
    );
    return rows[0]!.s;
  });
}

/** Whether the backend still exists, seen through another connection on `url`. */
export async function backendIsAlive(url: string, pid: number): Promise<boolean> {
  return withClient(
    url,
    async (client) => (await client.query('select 1 from pg_stat_activity where pid = $1', [pid])).rowCount === 1,
  );
}
