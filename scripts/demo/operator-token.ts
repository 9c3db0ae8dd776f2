// The demo's ready operator token for the command line: created in the state database by lib/tokens (the same code
// as the Tokens page), short-lived, replacing the previous demo run's. Run in a child with the react-server condition
// (lib/ modules holding secrets are server-only); `createDemoOperatorToken` does that.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_TOKEN_NAME = 'demo-operator';
export const DEMO_TOKEN_EXPIRY = '12h';

export interface DemoToken {
  secret: string;
  expiresAt: string;
}

const HERE = fileURLToPath(import.meta.url);

export function createDemoOperatorToken(stateUrl: string, clusterId: string, root: string): Promise<DemoToken> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--conditions=react-server', '--import', 'tsx', HERE, clusterId],
      { cwd: root, env: { ...process.env, PGWARDEN_DEMO_STATE_URL: stateUrl }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`demo token: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as DemoToken),
    );
  });
}

async function main(clusterId: string) {
  const { createStatePool, migrate } = await import('../../lib/state/state-db');
  const { createToken, revokeToken } = await import('../../lib/tokens/token-store');
  const pool = createStatePool(process.env.PGWARDEN_DEMO_STATE_URL!);
  try {
    await migrate(pool);
    await revokeToken(pool, DEMO_TOKEN_NAME, 'demo');
    const { token, secret } = await createToken(
      pool,
      {
        name: DEMO_TOKEN_NAME,
        role: 'operator',
        clusters: [clusterId],
        expiresIn: DEMO_TOKEN_EXPIRY,
        note: 'printed by npm run demo',
      },
      'demo',
    );
    process.stdout.write(JSON.stringify({ secret, expiresAt: token.expiresAt } satisfies DemoToken));
  } finally {
    await pool.end();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) await main(process.argv[2]!);
