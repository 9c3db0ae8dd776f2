// Playwright global setup: starts PostgreSQL 18 and the built app (see e2e/app-under-test.ts). The URLs reach the
// workers as E2E_* environment variables, which they inherit because they start after this runs.
import { startAppUnderTest } from './app-under-test';

export default async function globalSetup(): Promise<void> {
  await startAppUnderTest();
}
