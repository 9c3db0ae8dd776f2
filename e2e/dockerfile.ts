// Reads what the Dockerfile's runtime stage runs (its copies, user, environment, command and health check), so the e2e
// tests start the standalone server the way the image does, and fail when the Dockerfile and they drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STANDALONE_DIR } from '../scripts/standalone';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface RuntimeStage {
  workdir: string;
  uid: number;
  gid: number;
  env: Record<string, string>;
  cmd: string[];
  healthcheck: string[];
}

/** Instructions as [keyword, arguments], with `\` continuations joined and comments dropped. */
function instructions(text: string): [string, string][] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const space = line.indexOf(' ');
      return [line.slice(0, space).toUpperCase(), line.slice(space + 1).trim()];
    });
}

export function readRuntimeStage(file = path.join(ROOT, 'Dockerfile')): RuntimeStage {
  const all = instructions(readFileSync(file, 'utf8'));
  const stage = all.slice(all.findLastIndex(([keyword]) => keyword === 'FROM') + 1);
  const one = (keyword: string) => {
    const found = stage.filter(([k]) => k === keyword).map(([, args]) => args);
    if (found.length !== 1) throw new Error(`the Dockerfile's runtime stage needs exactly one ${keyword}`);
    return found[0]!;
  };
  const copies = stage.filter(([k]) => k === 'COPY').map(([, args]) => args);
  const workdir = one('WORKDIR');
  // The image holds exactly what scripts/standalone.ts assembles: the tests run that folder and nothing else.
  if (copies.length !== 1 || copies[0] !== `--from=build ${path.posix.join(workdir, STANDALONE_DIR)} ./`) {
    throw new Error(
      `the runtime stage must copy only the assembled folder: COPY --from=build /app/${STANDALONE_DIR} ./`,
    );
  }
  const user = one('USER').match(/^(\d+):(\d+)$/);
  if (!user) throw new Error('the runtime stage needs a numeric USER uid:gid (runAsNonRoot can check it)');
  const env: Record<string, string> = {};
  for (const [, args] of stage.filter(([k]) => k === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new Error(`ENV ${args}: write KEY=value pairs`);
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  const healthcheck = one('HEALTHCHECK');
  return {
    workdir,
    uid: Number(user[1]),
    gid: Number(user[2]),
    env,
    cmd: JSON.parse(one('CMD')) as string[],
    healthcheck: JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD ') + 4)) as string[],
  };
}

/** KEY=value lines of an env file (as `docker run --env-file` reads them). */
export function readEnvFile(file = path.join(ROOT, 'deploy', 'pgwarden.env.example')): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) throw new Error(`${file}: "${line}" is not KEY=value`);
    env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}
