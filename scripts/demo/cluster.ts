// A demo PostgreSQL: an embedded PostgreSQL (18 unless told) prepared with pgwarden's least-privilege monitoring role, a state
// database for pgwarden's own tables, and a small "shop" application database used by several demo login roles.
// Every step is idempotent, so the demo can be restarted on the same data folder.
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedMajor, type EmbeddedPostgresHandle } from '../embedded-postgres';
import { postmasterPid, stopLeftoverPostmaster, stopPostmasterPid } from '../postmaster';
import { isAlive, sleep, waitForExit } from '../process-control';
import { randomDbPassword, readOrCreateSuperuserPassword } from './db-passwords';
import { MONITOR_ROLE } from './monitor-role';
import { prepareCluster, STATE_DATABASE, STATE_ROLE, type DemoPasswords } from './prepare-cluster';
import { DEMO_ROLES, SHOP_DATABASE, type DemoRole } from './shop';

export interface DemoClusterOptions {
  /** The PostgreSQL data folder; created (initdb) when missing, reused otherwise. */
  dataDir: string;
  /** Preferred TCP port (default 54329); the next free one is used when it is taken. Never 5432. */
  port?: number;
  maxConnections?: number;
  /** PostgreSQL major version (default 18; the others come from the embedded aliases, see embedded-postgres.ts). */
  version?: EmbeddedMajor;
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

function urlFor(port: number, user: string, password: string, database: string): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
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
    startEmbeddedPostgres({
      dataDir,
      port,
      password: superuserPassword,
      maxConnections: options.maxConnections,
      version: options.version,
      log,
    });
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

  const passwords: DemoPasswords = {
    monitor: randomDbPassword(),
    state: randomDbPassword(),
    roles: Object.fromEntries(DEMO_ROLES.map((role) => [role, randomDbPassword()])) as Record<DemoRole, string>,
  };
  try {
    const restart = await prepareCluster(
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
