// A PostgreSQL server of a test's own, for what would disturb the shared ones (filling max_connections): the same
// major version as a shared test server, from the embedded binaries or, for 15, the machine's installation.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { startTestPostgres } from './embedded';
import type { TestServerName } from './servers';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MACHINE_PG15_BIN = '/usr/lib/postgresql/15/bin';

/** Started fresh; stop() also removes its data. */
export async function startPrivateServer(
  like: TestServerName,
  options: { maxConnections: number; label: string },
): Promise<EmbeddedPostgresHandle> {
  const major = Number(like.slice(2));
  const dataDir = path.join(ROOT, '.pgwarden', `test-private-${process.pid}`, `${options.label}-${like}`);
  const server = await startTestPostgres({
    dataDir,
    logFile: `${dataDir}.log`,
    port: 56200 + major,
    maxConnections: options.maxConnections,
    ...(major === 15 ? { binDir: MACHINE_PG15_BIN, installedVersion: 15 } : { version: major as 14 | 16 | 17 | 18 }),
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}
