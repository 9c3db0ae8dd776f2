import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startWebhookReceiver, type WebhookReceiverHandle } from '../test/webhook-receiver';
import type { AppConfigInput } from './app-under-test';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

interface SignalBody {
  id: string;
  type: string;
  url: string;
  actor: { email: string };
  targets: { session: { pid: number }; outcome: string; auditPath?: string }[];
}

test.describe('webhook notifications', () => {
  const bag = appSessions();
  let hook: WebhookReceiverHandle;
  let receiver: { url: string; secret: string };

  test.beforeAll(async ({ appConfigPath }) => {
    const config = JSON.parse(readFileSync(appConfigPath, 'utf8')) as AppConfigInput;
    receiver = config.notifications!.receivers![0]!;
    hook = await startWebhookReceiver(Number(new URL(receiver.url).port));
  });
  test.afterAll(async () => {
    await hook?.close();
  });

  test('a terminate in the console reaches the receiver, signed, and its link opens the cluster in the browser', async ({
    page,
    signIn,
    baseURL,
  }) => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e webhook */', 'e2e-webhook');
    await signIn('operator@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-webhook');
    await rowOf(page, pid)
      .getByRole('button', { name: `Terminate session ${pid}` })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Terminate session' }).click();
    await expect(dialog.getByTestId('signal-result-message')).toContainText('Terminated');

    const ours = () =>
      hook.received.filter((request) => (JSON.parse(request.body) as SignalBody).targets[0]?.session.pid === pid);
    await expect.poll(() => ours().length, { timeout: 15_000 }).toBe(1);
    const [request] = ours();
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request!.headers['x-pgwarden-signature']))!;
    expect(v1).toBe(createHmac('sha256', receiver.secret).update(`${t}.${request!.body}`).digest('hex'));
    expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(60);
    const body = JSON.parse(request!.body) as SignalBody;
    expect(request!.headers['x-pgwarden-delivery']).toBe(body.id);
    expect(body).toMatchObject({
      type: 'signal',
      actor: { email: 'operator@e2e.test' },
      targets: [{ session: { pid }, outcome: 'terminated', auditPath: expect.stringMatching(/^\/audit\?id=\d+/) }],
    });

    // The deep link, opened as someone woken by the message would: the cluster's sessions page.
    const link = new URL(body.url);
    expect(link.origin).toBe(baseURL);
    expect(link.pathname).toBe('/clusters/main/sessions');
    await page.goto(body.url);
    await expect(page).toHaveURL((url) => url.pathname === '/clusters/main/sessions');
    await expect(page.getByTestId('current-role')).toContainText('on main');
    const detail = link.searchParams.get('detail');
    if (detail) expect(detail.startsWith(`${pid}@`)).toBe(true);

    // An admin sees the delivery and its attempt on the Notifications page.
    await signIn('admin@e2e.test', '/clusters/main/sessions');
    await page.getByRole('link', { name: 'Notifications' }).click();
    await expect(page).toHaveURL(/\/notifications$/);
    const row = page.locator(`[data-delivery-id="${body.id}"]`);
    await expect(row.getByTestId('delivery-state')).toHaveText('delivered');
    await expect(row.getByTestId('delivery-attempts')).toContainText('#1');
    await expect(row.getByTestId('delivery-attempts')).toContainText('HTTP 200');
  });

  test('an operator may not open the Notifications page', async ({ page, signIn }) => {
    await signIn('operator@e2e.test', '/clusters/main/sessions');
    await expect(page.getByRole('link', { name: 'Notifications' })).toHaveCount(0);
    await page.goto('/notifications');
    await expect(page).toHaveURL(/\/denied/);
  });
});
