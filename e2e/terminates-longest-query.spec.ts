import { auditRowsOf } from '../test/backend-rows';
import { expect, test } from './fixtures';
import { appSessions, rowOf } from './sessions';

test.describe('cancel and terminate', () => {
  const bag = appSessions();

  test('an operator terminates the longest query through the dialog, sees it gone, and a team lead finds it in the audit log', async ({
    page,
    signIn,
    stateDatabaseUrl,
  }) => {
    const session = await bag.busy('select pg_sleep(600) /* e2e runaway report */', 'e2e-longest');
    const { pid } = session;
    await signIn('operator@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-longest');
    await expect(rowOf(page, pid)).toBeVisible();
    await rowOf(page, pid)
      .getByRole('button', { name: `Terminate session ${pid}` })
      .click();

    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`Terminate session ${pid} on main?`);
    await expect(dialog.getByTestId('signal-target')).toContainText('e2e runaway report');
    await expect(dialog.getByLabel('Wait timeout in seconds')).toHaveValue('5');
    await expect(dialog.getByRole('button', { name: 'Keep running' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Terminate session' }).click();
    await expect(dialog.getByTestId('signal-result-message')).toContainText('Terminated');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(rowOf(page, pid)).toHaveCount(0);

    await signIn('viewer@e2e.test', '/audit');
    await page.getByLabel('Actor').fill('operator@e2e');
    await page.getByLabel('Outcome').selectOption('terminated');
    await expect(page).toHaveURL(/outcome=terminated/);
    const entry = page.getByTestId('audit-row').filter({ hasText: String(pid) });
    await expect(entry).toContainText('operator@e2e.test');
    await expect(entry).toContainText('runaway report');
    const csv = await page.request.get(`/api/audit/export?outcome=terminated&actor=operator%40e2e`);
    expect(csv.headers()['content-disposition']).toMatch(/attachment; filename="pgwarden-audit-/);
    expect(await csv.text()).toContain(String(pid));

    const rows = await auditRowsOf(
      stateDatabaseUrl,
      { clusterId: 'main', ...session },
      'actor_email, actor_role, outcome, target_query',
    );
    expect(rows).toEqual([
      expect.objectContaining({
        actor_email: 'operator@e2e.test',
        actor_role: 'operator',
        outcome: 'terminated',
        target_query: expect.stringContaining('runaway'),
      }),
    ]);
  });

  test('a viewer is offered no cancel or terminate', async ({ page, signIn }) => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e viewer sees */', 'e2e-viewer');
    await signIn('viewer@e2e.test', '/clusters/main/sessions?hideIdle=1&application=e2e-viewer');
    await expect(rowOf(page, pid)).toBeVisible();
    await expect(page.getByRole('button', { name: /Terminate/ })).toHaveCount(0);
    await rowOf(page, pid).click();
    await expect(page.getByTestId('session-detail')).toBeVisible();
    await expect(page.getByRole('button', { name: /Terminate|Cancel query/ })).toHaveCount(0);
  });

  test('an admin terminates every idle-in-transaction session of one application, typing the count', async ({
    page,
    signIn,
  }) => {
    const pids = [];
    for (let i = 0; i < 12; i++) pids.push(await bag.idleInTransaction('e2e-bulk-idle'));
    await signIn(
      'admin@e2e.test',
      `/clusters/main/sessions?state=${encodeURIComponent('idle in transaction')}&application=e2e-bulk-idle`,
    );
    await expect(page.locator('[data-testid="session-row"]')).toHaveCount(12);
    await page.getByRole('button', { name: 'Select all 12 matching the filter' }).click();
    await page.getByRole('button', { name: 'Terminate 12 sessions' }).click();

    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('signal-target')).toHaveCount(12);
    const confirm = dialog.getByRole('button', { name: 'Terminate 12' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Typed confirmation').fill('11');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Typed confirmation').fill('12');
    await confirm.click();
    await expect(dialog.getByText('terminated', { exact: true })).toHaveCount(12);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('[data-testid="session-row"]')).toHaveCount(0);
  });

  test('a terminate that waits does not freeze the live table', async ({ page, signIn }) => {
    const { pid } = await bag.busy('select pg_sleep(600) /* e2e stuck backend */', 'e2e-stuck');
    await signIn('operator@e2e.test', '/clusters/main/sessions?application=e2e-stuck&interval=1000');
    await expect(rowOf(page, pid)).toBeVisible();
    process.kill(pid, 'SIGSTOP');
    try {
      await rowOf(page, pid)
        .getByRole('button', { name: `Terminate session ${pid}` })
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Terminate session' }).click();
      await expect(dialog.getByRole('button', { name: 'Signalling…' })).toBeVisible();
      const status = page.getByTestId('snapshot-status');
      const before = await status.textContent();
      await expect(status).not.toHaveText(before!, { timeout: 3000 });
      await expect(dialog.getByRole('button', { name: 'Signalling…' })).toBeVisible();
      await expect(dialog.getByTestId('signal-result-message')).toContainText('still there after 5s', {
        timeout: 10_000,
      });
      await expect(dialog.getByRole('button', { name: 'Terminate again', exact: true })).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Terminate again, wait 15s' })).toBeVisible();
    } finally {
      process.kill(pid, 'SIGCONT');
    }
  });
});
