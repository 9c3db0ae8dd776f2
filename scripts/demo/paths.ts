// Where the demo keeps its files: PGWARDEN_DEMO_DIR, by default .pgwarden/demo/ in the project (ignored by git).
import path from 'node:path';

export interface DemoPaths {
  demoDir: string;
  /** The incident cluster's PostgreSQL 18 data folder. */
  dataDir: string;
  /** The calm cluster's data folder, one per PostgreSQL major version. */
  calmDataDir(version: number): string;
  calmPostgresLog: string;
  /** pgwarden's config file (0600): the cluster URLs and the logins' hashes. */
  configFile: string;
  /** The running demo's pid: a second demo on the same folder refuses to start. */
  pidFile: string;
  /** The console's pid: a demo killed with SIGKILL leaves it running, and the next demo stops it. */
  nextPidFile: string;
  postgresLog: string;
  nextLog: string;
}

export function demoPaths(root: string, env: NodeJS.ProcessEnv): DemoPaths {
  const demoDir = path.resolve(env.PGWARDEN_DEMO_DIR ?? path.join(root, '.pgwarden', 'demo'));
  return {
    demoDir,
    dataDir: path.join(demoDir, 'data'),
    calmDataDir: (version) => path.join(demoDir, `data-pg${version}`),
    calmPostgresLog: path.join(demoDir, 'postgres-calm.log'),
    configFile: path.join(demoDir, 'pgwarden.config.json'),
    pidFile: path.join(demoDir, 'demo.pid'),
    nextPidFile: path.join(demoDir, 'next.pid'),
    postgresLog: path.join(demoDir, 'postgres.log'),
    nextLog: path.join(demoDir, 'next.log'),
  };
}

/** A path as the demo prints it: relative to the current folder. */
export const shownPath = (file: string) => path.relative(process.cwd(), file) || '.';
