// The fleet overview as the on-call engineer's landing page: of three clusters (one stopped, one with a lock chain,
// one calm), the stopped and the locked one come first, and their figures open the right pages. A second app with its
// own three clusters, so the shared e2e app keeps its config.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MONITOR_ROLE, monitorRoleSql } from '../scripts/demo/monitor-role';
import { findFreePort, type EmbeddedPostgresHandle } from '../scripts/embedded-postgres';
import { startTestPostgres } from '../test/embedded';
import { connect, withClient, withUrl } from '../test/pg-helpers';
import type { AppConfigInput } from './app-under-test';
import { expect, passwordOf, test } from './fixtures';
import { startSecondApp, type SecondApp } from './second-app';

let payments: EmbeddedPostgresHandle | undefined;
let app: SecondApp | undefined;
const clients: pg.Client[] = [];

test.afterAll(async () => {
  for (const client of clients) await client.end().catch(() => {});
  await app?.stop();
  await payments?.stop().catch(() => {});
});

test('sees the stopped cluster and the one with a lock chain first, and follows their figures', async ({
  page,
  appConfigPath,
}) => {
  test.setTimeout(180_000);
  const runDir = path.dirname(appConfigPath);
  payments = await startTestPostgres({
    dataDir: path.join(runDir, 'fleet-payments'),
    logFile: path.join(runDir, 'fleet-payments.log'),
    port: 54379,
    maxConnections: 50,
  });
  const monitorPassword = randomBytes(12).toString('base64url');
  await withClient(payments.url(), async (client) => {
    await client.query(monitorRoleSql(pg.escapeLiteral(monitorPassword)));
    await client.query('create table ledger (id int primary key, balance int)');
    await client.query('insert into ledger values (1, 100)');
  });
  // One transaction holds the row; two sessions queue behind it.
  const holder = await connect(payments.url(), { application_name: 'ledger-batch' });
  clients.push(holder);
  await holder.query('begin');
  await holder.query('update ledger set balance = balance - 1 where id = 1');
  for (let i = 0; i < 2; i++) {
    const waiter = await connect(payments.url(), { application_name: 'checkout' });
    clients.push(waiter);
    void waiter.query('update ledger set balance = balance + 1 where id = 1').catch(() => {});
  }

  const main = (JSON.parse(readFileSync(appConfigPath, 'utf8')) as AppConfigInput).clusters[0]!;
  const nothingListens = await findFreePort(54389);
  app = await startSecondApp(appConfigPath, {
    clusters: [
      { ...main, sampleIntervalMs: 1000 },
      {
        id: 'payments',
        name: 'Payments',
        url: withUrl(payments.url(), { user: MONITOR_ROLE, password: monitorPassword }),
        sampleIntervalMs: 1000,
      },
      { id: 'archive', name: 'Archive', url: `postgres://nobody:stopped@127.0.0.1:${nothingListens}/postgres` },
    ],
  });

  await page.goto(`${app.baseURL}/signin?callbackUrl=${encodeURIComponent('/')}`);
  await page.getByLabel('Email').fill('viewer@e2e.test');
  await page.getByLabel('Password').fill(passwordOf('viewer@e2e.test'));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${app.baseURL}/`);
  await expect(page.getByRole('heading', { name: 'Fleet overview' })).toBeVisible();

  const cards = page.getByTestId('fleet-card');
  // The lock chain counts once its longest wait passes a second; the list is live, so it reorders on its own.
  await expect
    .poll(() => cards.evaluateAll((list) => list.map((card) => (card as HTMLElement).dataset.cluster)), {
      timeout: 20_000,
    })
    .toEqual(['archive', 'payments', 'main']);

  const archive = page.locator('[data-cluster="archive"]');
  await expect(archive.getByTestId('fleet-card-error')).toContainText('Cannot reach archive');
  await expect(archive.getByTestId('fleet-card-reasons')).toHaveText('cannot reach');

  const locked = page.locator('[data-cluster="payments"]');
  await expect(locked.getByTestId('fleet-locks')).toContainText('1 chain, 2 waiting');
  await expect(locked.getByTestId('fleet-card-reasons')).toContainText('2 waiting on locks');
  await expect(locked.getByTestId('fleet-idle-in-transaction')).toContainText(/^1, oldest \d+s$/);
  await expect(page.locator('[data-cluster="main"]').getByTestId('fleet-card-reasons')).not.toContainText('cannot');

  // The lock chains open the blocking page of that cluster, with the holder as the root.
  await locked.getByTestId('fleet-locks').click();
  await expect(page).toHaveURL(`${app.baseURL}/clusters/payments/blocking`);
  await expect(page.getByTestId('blocking-summary')).toContainText('2 sessions wait on locks; 1 chain starts');

  // Idle in transaction opens the sessions filtered to that state: the holder of the row lock.
  await page.goBack();
  await page.locator('[data-cluster="payments"]').getByTestId('fleet-idle-in-transaction').click();
  await expect(page).toHaveURL(
    /\/clusters\/payments\/sessions\?by=xactAgeMs&state=idle\+in\+transaction&detail=\d+%40/,
  );
  const rows = page.getByTestId('session-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('ledger-batch');

  // The stopped cluster opens its sessions page, which says it cannot be reached.
  await page.goto(`${app.baseURL}/`);
  await page.screenshot({ path: test.info().outputPath('fleet-overview.png'), fullPage: true });
  await page.locator('[data-cluster="archive"]').getByTestId('fleet-card-name').click();
  await expect(page).toHaveURL(`${app.baseURL}/clusters/archive/sessions`);
  await expect(page.getByRole('alert').filter({ hasText: 'Cannot reach cluster archive' })).toBeVisible();
});
