import { sessionsPath } from '../lib/notify/session-path';
import { expect, test } from './fixtures';
import { appSessions } from './sessions';

test.describe('a link to one session', () => {
  const bag = appSessions();

  test('an operator following detail=<pid>@<backend_start> sees that session’s detail, then plainly that it is gone', async ({
    page,
    signIn,
    db,
  }) => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e linked session */', 'e2e-linked');
    await signIn('operator@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-linked');
    await expect(page.locator(`[data-testid="session-row"][data-pid="${pid}"]`)).toBeVisible();
    const response = await page.request.get('/api/clusters/main/sessions?application=e2e-linked');
    const { rows } = ((await response.json()) as { data: { rows: { pid: number; backendStart: string }[] } }).data;
    const session = rows.find((row) => row.pid === pid)!;

    const link = sessionsPath('main', {}, session);
    expect(link).toContain(`detail=${pid}%40`);
    await page.goto(link);
    const detail = page.getByTestId('session-detail');
    await expect(detail.getByRole('heading', { name: `Session ${pid}` })).toBeVisible();
    await expect(detail).toContainText('e2e linked session');
    await expect(detail.getByRole('button', { name: `Terminate session ${pid}` })).toBeVisible();

    await db.query('select pg_terminate_backend($1)', [pid]);
    await expect(page.getByTestId('session-gone')).toContainText(
      `Session ${pid} (started ${session.backendStart}) is gone`,
    );
    await page.goto(link);
    await expect(page.getByTestId('session-gone')).toContainText('is gone');

    await page.goto('/clusters/main/sessions?detail=not-a-pid');
    await expect(page.getByTestId('session-gone')).toContainText('should read <pid>@<backend_start>');
  });
});
