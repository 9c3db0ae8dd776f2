// The console's build for the demo: `next build` runs only when .next/BUILD_ID is missing or older than a source file
// (or PGWARDEN_DEMO_REBUILD=1 asks for it), since a build takes a minute or two.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { stopChildGroup } from './child-group';
import { spawnNext, type ConsoleStep } from './next-process';

/** A start-up failure whose message is meant for the user as it is. */
export class DemoError extends Error {}

const BUILD_INPUT_DIRS = ['app', 'lib', 'components', 'public'];
const BUILD_INPUT_FILE =
  /^(next\.config\.[cm]?[jt]s|postcss\.config\.[cm]?[jt]s|tailwind\.config\.[cm]?[jt]s|tsconfig\.json|package\.json|(middleware|proxy|instrumentation)\.[jt]s)$/;

function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) newest = Math.max(newest, newestMtime(full));
    } else {
      try {
        newest = Math.max(newest, statSync(full).mtimeMs);
      } catch {
        // vanished meanwhile
      }
    }
  }
  return newest;
}

/**
 * Why the console needs `next build`, or null when .next/BUILD_ID is newer than every file of app/, lib/,
 * components/, public/ and the build configuration files at the top of the project.
 */
export function buildNeeded(root: string): string | null {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return 'no build yet (.next/BUILD_ID is missing)';
  const built = statSync(buildId).mtimeMs;
  for (const dir of BUILD_INPUT_DIRS) {
    if (newestMtime(path.join(root, dir)) > built) return `${dir}/ changed since the last build`;
  }
  for (const name of readdirSync(root)) {
    if (BUILD_INPUT_FILE.test(name) && statSync(path.join(root, name)).mtimeMs > built)
      return `${name} changed since the last build`;
  }
  return null;
}

/**
 * Runs `next build` when needed, showing its output. Returns early when the demo stops meanwhile; throws a DemoError
 * when the build fails.
 */
export async function buildConsole({ root, env, childEnv, parts, say, stopped }: ConsoleStep): Promise<void> {
  const reason = env.PGWARDEN_DEMO_REBUILD === '1' ? 'PGWARDEN_DEMO_REBUILD=1' : buildNeeded(root);
  if (!reason) {
    say('  console build     up to date (.next/BUILD_ID is newer than the sources)');
    return;
  }
  say(`  building the console: ${reason} (next build, a minute or two)…`);
  const child = spawnNext(root, ['build'], childEnv, ['ignore', 'inherit', 'inherit']);
  parts.buildChild = child;
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  await stopChildGroup(child, 0); // build workers, if any linger
  if (stopped()) return;
  if (result.code !== 0) {
    throw new DemoError(
      `The console failed to build (next build exited with ${result.code ?? result.signal}); see the output above.`,
    );
  }
}
