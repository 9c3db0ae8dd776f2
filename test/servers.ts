// Test helpers for vitest: the PostgreSQL servers started by test/global-setup.ts, plus the pg helpers of
// test/pg-helpers.ts (re-exported here; Playwright tests import test/pg-helpers.ts directly, as `inject` is vitest-only).
//
//   describe.each(testServers())('$name', ({ superuserUrl }) => { ... });
import { inject } from 'vitest';

export * from './pg-helpers';

export type TestServerName = 'pg18' | 'pg17' | 'pg16' | 'pg15' | 'pg14';

export interface TestServer {
  name: TestServerName;
  /** Superuser connection string (database "postgres"). Never print it: it holds a password. */
  superuserUrl: string;
}

/**
 * Every server of this run, newest first: PostgreSQL 18 always; 17, 16 and 14 where embedded binaries exist for the
 * platform (linux-x64); 15 when the machine has it; PGWARDEN_TEST_VERSIONS narrows it down (test/global-setup.ts).
 */
export function testServers(): TestServer[] {
  const servers: TestServer[] = [{ name: 'pg18', superuserUrl: inject('pg18SuperuserUrl') }];
  const others = [
    ['pg17', inject('pg17SuperuserUrl')],
    ['pg16', inject('pg16SuperuserUrl')],
    ['pg15', inject('pg15SuperuserUrl')],
    ['pg14', inject('pg14SuperuserUrl')],
  ] as const;
  for (const [name, superuserUrl] of others) if (superuserUrl) servers.push({ name, superuserUrl });
  return servers;
}

/** The major version of a test server (its name without "pg"). */
export const majorVersion = (server: Pick<TestServer, 'name'>) => Number(server.name.slice(2));
