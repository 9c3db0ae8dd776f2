import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { expect, test } from './fixtures';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see e2e/app-under-test.ts)`);
  return value;
}

async function startFlaky(): Promise<EmbeddedPostgresHandle> {
  const server = await startEmbeddedPostgres({
    dataDir: env('E2E_FLAKY_DIR'),
    port: Number(env('E2E_FLAKY_PORT')),
    password: env('E2E_FLAKY_PASSWORD'),
  });
  if (server.port !== Number(env('E2E_FLAKY_PORT'))) {
    await server.stop();
    throw new Error(`port ${env('E2E_FLAKY_PORT')} is taken; the flaky cluster cannot start where the app expects it`);
  }
  return server;
}

for (const updates of ['pushed', 'polled'] as const) {
  test(`says plainly when a cluster cannot be reached, and recovers on its own (${updates})`, async ({
    page,
    signIn,
  }) => {
    test.setTimeout(90_000);
    // Polled: the live stream is broken, so the page falls back to polling the GET.
    if (updates === 'polled') await page.route(/\/api\/clusters\/flaky\/sessions\/stream/, (route) => route.abort());
    // Opened while the cluster is down (in the first test, before pgwarden ever reached it): the page's first screen
    // is of no snapshot, and must give way to the first one once the cluster is up.
    await signIn('viewer@e2e.test', '/clusters/flaky/sessions?interval=1000');
    const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach cluster flaky' });
    await expect(alert).toBeVisible();
    let server = await startFlaky();
    try {
      await expect(page.getByTestId('snapshot-status')).toContainText('PostgreSQL 18', { timeout: 15_000 });
      await expect(alert).toHaveCount(0);
      await expect(page.getByTestId('update-mode')).toHaveAttribute('data-streaming', String(updates === 'pushed'));

      await server.stop();
      await expect(alert).toBeVisible({ timeout: 15_000 });
      await expect(alert).toContainText('last good snapshot');

      server = await startFlaky();
      await expect(alert).toHaveCount(0, { timeout: 20_000 });
      await expect(page.getByTestId('snapshot-status')).toContainText('PostgreSQL 18');
    } finally {
      await server.stop();
    }
  });
}
