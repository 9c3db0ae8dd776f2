// Where the demo keeps its files: PGWARDEN_DEMO_DIR, by default .pgwarden/demo/ in the project (ignored by git).
import path from 'node:path';

export interface DemoPaths {
  demoDir: string;
  /** PostgreSQL's data folder. */
  dataDir: string;
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
    configFile: path.join(demoDir, 'pgwarden.config.json'),
    pidFile: path.join(demoDir, 'demo.pid'),
    nextPidFile: path.join(demoDir, 'next.pid'),
    postgresLog: path.join(demoDir, 'postgres.log'),
    nextLog: path.join(demoDir, 'next.log'),
  };
}

/** A path as the demo prints it: relative to the current folder. */
export const shownPath = (file: string) => path.relative(process.cwd(), file) || '.';
