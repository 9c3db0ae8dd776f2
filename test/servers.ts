// Test helpers for vitest: the PostgreSQL servers started by test/global-setup.ts, plus the pg helpers of
// test/pg-helpers.ts (re-exported here; Playwright tests import test/pg-helpers.ts directly, as `inject` is vitest-only).
//
//   describe.each(testServers())('$name', ({ superuserUrl }) => { ... });
import { inject } from 'vitest';

export * from './pg-helpers';

export type TestServerName = 'pg18' | 'pg15';

export interface TestServer {
  name: TestServerName;
  /** Superuser connection string (database "postgres"). Never print it: it holds a password. */
  superuserUrl: string;
}

/** Every server of this run: PostgreSQL 18 always, PostgreSQL 15 when the machine has it. */
export function testServers(): TestServer[] {
  const servers: TestServer[] = [{ name: 'pg18', superuserUrl: inject('pg18SuperuserUrl') }];
  const pg15 = inject('pg15SuperuserUrl');
  if (pg15) servers.push({ name: 'pg15', superuserUrl: pg15 });
  return servers;
}
