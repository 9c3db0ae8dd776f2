// Playwright global teardown: stops `next start` and PostgreSQL started by e2e/global-setup.ts.
import { cleanStaleRuns } from '../test/processes';
import { E2E_RUN_DIR, stopAppUnderTest, stopE2ELeftovers } from './app-under-test';

export default async function globalTeardown(): Promise<void> {
  await stopAppUnderTest();
  // Also whatever runs that crashed (or were killed) left behind; live concurrent runs are not touched.
  await cleanStaleRuns(E2E_RUN_DIR, stopE2ELeftovers);
}
