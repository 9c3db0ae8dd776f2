import { expect, test } from './fixtures';
import type { E2EUser } from './fixtures';

const SIGNAL_BUTTONS = { name: /^(Terminate session|Cancel query of session)/ };
// Only admins may signal these, with the extra warning: every other non-client backend is never offered a button.
const ADMIN_ONLY = ['walsender', 'autovacuum worker'];

for (const email of ['viewer@e2e.test', 'operator@e2e.test', 'admin@e2e.test'] as E2EUser[]) {
  test(`${email.split('@')[0]} is offered no Cancel or Terminate on background processes, and told why`, async ({
    page,
    signIn,
  }) => {
    await signIn(email, '/clusters/main/sessions');
    const typeFilter = page.getByLabel('Backend type');
    await expect(typeFilter.locator('option', { hasText: 'checkpointer' })).toHaveCount(1);
    const types = (await typeFilter.locator('option').allTextContents()).filter(
      (type) => type !== 'all' && type !== 'client backend' && !ADMIN_ONLY.includes(type),
    );
    expect(types).toEqual(expect.arrayContaining(['checkpointer', 'walwriter', 'background writer']));
    for (const type of types) {
      await typeFilter.selectOption(type);
      const rows = page.getByTestId('session-row');
      await expect(rows.first()).toContainText(type);
      await expect(page.getByRole('button', SIGNAL_BUTTONS)).toHaveCount(0);
    }
    await typeFilter.selectOption('checkpointer');
    await page.getByTestId('session-row').first().click();
    await expect(page.getByTestId('signal-refusal')).toContainText(
      email === 'viewer@e2e.test' ? 'may watch sessions only' : 'pgwarden never signals checkpointer processes.',
    );
    await expect(page.getByTestId('session-detail').getByRole('button', SIGNAL_BUTTONS)).toHaveCount(0);
  });
}

test('an admin is offered no button on pgwarden’s own connections, and told why', async ({ page, signIn }) => {
  await signIn('admin@e2e.test', '/clusters/main/sessions?showPgwarden=1&application=pgwarden');
  const first = page.getByTestId('session-row').first();
  await expect(first).toBeVisible();
  await expect(page.getByRole('button', SIGNAL_BUTTONS)).toHaveCount(0);
  await first.click();
  await expect(page.getByTestId('signal-refusal')).toContainText('pgwarden never signals its own connections.');
});
