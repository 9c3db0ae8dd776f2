// Signed in but mapped to no role, whether a local user or an SSO account in no mapped group: the console says who
// they are and why they see nothing, and the route and the action refuse them too.
import { expectTerminateRefused } from './direct-terminate';
import { expect, test } from './fixtures';
import { appSessions } from './sessions';

const bag = appSessions();

const unmapped = [
  { who: 'a local user', email: 'nobody@e2e.test', via: 'local' },
  { who: 'an SSO account in no mapped group', email: 'contractor@corp.e2e.test', via: 'oidc' },
] as const;

for (const { who, email, via } of unmapped) {
  test(`${who} sees who they are signed in as and why there is nothing, and is refused by the route and the action`, async ({
    page,
    signIn,
    signInWithOidc,
    db,
    baseURL,
  }) => {
    if (via === 'local') await signIn('nobody@e2e.test', '/clusters/main/sessions');
    else await signInWithOidc('contractor', '/clusters/main/sessions');

    await expect(page).toHaveURL(/\/denied$/);
    await expect(page.getByRole('main')).toContainText(`You are signed in as ${email} (via ${via})`);
    await expect(page.getByRole('main')).toContainText('gives this account no role');
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // page.request sends the browser's cookies.
    const route = await page.request.get('/api/clusters/main/sessions');
    expect(route.status()).toBe(403);
    expect(await route.json()).toEqual({
      ok: false,
      code: 'forbidden',
      message: `${email} has no role on main. Ask an admin to add you to pgwarden's role mapping.`,
    });

    const answer = await expectTerminateRefused(db, bag, page.request, { Origin: baseURL! });
    expect(answer.result).toMatchObject({ ok: false, code: 'forbidden' });
  });
}
