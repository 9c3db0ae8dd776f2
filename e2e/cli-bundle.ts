// The pgwarden CLI (cli/pgwarden.ts) built once per run into one ESM file with esbuild (tsx's own compiler), so a
// spec can run it dozens of times with plain `node` instead of paying tsx's start-up on every call. Same source, same
// process boundary, same HTTP; only bin/pgwarden.js's on-the-fly compilation is skipped (a spec runs that too).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

let bundled: Promise<string> | null = null;

/** The path of the bundle (its packages inside), built on first use and removed when the worker exits. */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'pgwarden-cli-'));
    process.on('exit', () => rmSync(outdir, { recursive: true, force: true }));
    const outfile = path.join(outdir, 'pgwarden.mjs');
    await build({
      entryPoints: [path.join(ROOT, 'cli', 'pgwarden.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      // commander is CommonJS and requires node's modules: give the ES module bundle a require to do it with.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'warning',
    });
    return outfile;
  })();
  return bundled;
}
