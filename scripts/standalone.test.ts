import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StandaloneError, assembleStandalone, withRuntimeOrigins } from './standalone';

const SERVER_JS = `const dir = path.join(__dirname)
const nextConfig = {"poweredByHeader":false,"experimental":{"cpus":1,"serverActions":{"allowedOrigins":["built.example"]}}}
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(nextConfig)
`;

describe('standalone assembly', () => {
  it("makes server.js read the config file's allowedOrigins at start, keeping the rest of Next's config", () => {
    const patched = withRuntimeOrigins(SERVER_JS);
    expect(patched).toContain(SERVER_JS.split('\n')[1]);
    expect(patched).toContain(
      "allowedOrigins: (await import('./pgwarden-allowed-origins.js')).allowedOrigins() }\nprocess.env.__NEXT_PRIVATE_STANDALONE_CONFIG",
    );
  });

  it('refuses a server.js it does not recognise, and a project that was not built', () => {
    expect(() => withRuntimeOrigins('startServer({})')).toThrow(StandaloneError);
    const empty = mkdtempSync(path.join(tmpdir(), 'pgwarden-standalone-'));
    expect(() => assembleStandalone(path.join(empty, 'out'), empty)).toThrow(/run `npx next build` first/);
  });
});
