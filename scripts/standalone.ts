// `npm run standalone [-- DIR]`: assembles the self-contained production server from `next build`'s output into DIR
// (default .pgwarden/standalone). The Dockerfile's runtime stage copies exactly this folder and runs `node server.js`
// in it; the e2e smoke test (e2e/runs-standalone-build.spec.ts) runs the same folder the same way.
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Relative to the project; the Dockerfile copies /app/<this>. */
export const STANDALONE_DIR = '.pgwarden/standalone';
const ORIGINS_MODULE = 'pgwarden-allowed-origins.js';

export class StandaloneError extends Error {}

/** Copies Next's standalone server, its static files and public/ into `outDir`, replacing what was there. */
export function assembleStandalone(outDir: string, root = ROOT): void {
  const built = path.join(root, '.next', 'standalone');
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')) || !existsSync(path.join(built, 'server.js'))) {
    throw new StandaloneError(`no standalone build in ${built}: run \`npx next build\` first (next.config.js sets it)`);
  }
  rmSync(outDir, { recursive: true, force: true });
  // Symlinks stay relative (Turbopack links .next/node_modules/<pkg>-<hash> to ../../node_modules/<pkg>).
  cpSync(built, outDir, { recursive: true, verbatimSymlinks: true });
  cpSync(path.join(root, '.next', 'static'), path.join(outDir, '.next', 'static'), { recursive: true });
  if (existsSync(path.join(root, 'public')))
    cpSync(path.join(root, 'public'), path.join(outDir, 'public'), { recursive: true });
  cpSync(path.join(root, 'lib', 'config', 'allowed-origins.js'), path.join(outDir, ORIGINS_MODULE));
  writeFileSync(
    path.join(outDir, 'server.js'),
    withRuntimeOrigins(readFileSync(path.join(outDir, 'server.js'), 'utf8')),
  );
  checkSelfContained(outDir);
  checkNoDevDependencies(outDir, root);
}

const CONFIG_LINE = /^const nextConfig = (\{.*\})$/m;

/**
 * Next writes next.config.js's values into server.js at build time; the config file's allowedOrigins must be read
 * when the server starts instead, as `next start` does.
 */
export function withRuntimeOrigins(serverJs: string): string {
  const match = serverJs.match(CONFIG_LINE);
  if (!match)
    throw new StandaloneError('server.js has no `const nextConfig = {...}` line: has Next changed its format?');
  const config = JSON.parse(match[1]!) as { experimental?: { serverActions?: object } };
  if (!config.experimental?.serverActions) throw new StandaloneError('server.js has no experimental.serverActions');
  return serverJs.replace(
    CONFIG_LINE,
    `${match[0]}\n` +
      `// pgwarden (scripts/standalone.ts): the config file's allowedOrigins, read at start like next.config.js does.\n` +
      `nextConfig.experimental.serverActions = { ...nextConfig.experimental.serverActions, allowedOrigins: (await import('./${ORIGINS_MODULE}')).allowedOrigins() }`,
  );
}

/** Every symlink points inside the folder: copied into an image, nothing may lead back to the build machine. */
function checkSelfContained(outDir: string): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      const stat = lstatSync(file);
      if (stat.isSymbolicLink()) {
        const target = path.resolve(dir, readlinkSync(file));
        if (!target.startsWith(outDir + path.sep) || !existsSync(target)) {
          throw new StandaloneError(`${path.relative(outDir, file)} links outside the bundle (${readlinkSync(file)})`);
        }
      } else if (stat.isDirectory()) walk(file);
    }
  };
  walk(outDir);
}

/** The bundle's node_modules hold runtime packages only: a devDependency there means a server file imports one. */
function checkNoDevDependencies(outDir: string, root: string): void {
  const { devDependencies = {} } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const found = Object.keys(devDependencies).filter((name) => existsSync(path.join(outDir, 'node_modules', name)));
  if (found.length > 0) throw new StandaloneError(`devDependencies in the bundle: ${found.join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, STANDALONE_DIR));
  try {
    assembleStandalone(outDir);
    process.stdout.write(`standalone server in ${outDir}: cd there and run \`node server.js\`\n`);
  } catch (error) {
    process.stderr.write(`standalone: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
