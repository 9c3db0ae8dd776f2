// Playwright global teardown: stops `next start` and PostgreSQL started by e2e/global-setup.ts.
import { readFileSync } from 'node:fs';
import { cleanStaleRuns } from '../test/processes';
import { appUnderTestFiles, E2E_RUN_DIR, stopAppUnderTest, stopE2ELeftovers } from './app-under-test';
import { leakedSecrets, secretsOfConfig } from './log-secrets';

/** Names of the configured secrets found in the app's log after the suite (read before the run folder goes). */
function secretsInAppLog(): string[] {
  const files = appUnderTestFiles();
  if (!files) return [];
  const secrets = secretsOfConfig(JSON.parse(readFileSync(files.config, 'utf8')));
  const users = JSON.parse(process.env.E2E_USERS ?? '{}') as Record<string, string>;
  for (const [email, password] of Object.entries(users)) secrets.set(`password of ${email}`, password);
  return leakedSecrets(files.nextLog, secrets);
}

export default async function globalTeardown(): Promise<void> {
  const leaks = secretsInAppLog();
  await stopAppUnderTest();
  // Also whatever runs that crashed (or were killed) left behind; live concurrent runs are not touched.
  await cleanStaleRuns(E2E_RUN_DIR, stopE2ELeftovers);
  if (leaks.length > 0) throw new Error(`the app's log contains configured secrets: ${leaks.join(', ')}`);
}
