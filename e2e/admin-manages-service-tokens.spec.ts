import { auditRowsOf } from '../test/backend-rows';
import { withClient } from '../test/pg-helpers';
import { auditEventsSince, lastAuditId } from './audit-evidence';
import { expect, test } from './fixtures';
import { startSecondInstance } from './second-instance';
import { SESSION_COOKIE } from './session-cookie';
import { appSessions } from './sessions';
import { bootstrapAdminToken, callApi, createToken, createTokenInPage, uniqueName } from './service-tokens';

test.describe('service tokens', () => {
  const bag = appSessions();
  let adminToken: string;
  test.beforeAll(async ({ browser, baseURL }) => {
    adminToken = await bootstrapAdminToken(browser, baseURL!);
  });

  test('an admin creates a token on the Tokens page, sees its secret once, a script uses it, and the admin revokes it', async ({
    page,
    signIn,
    baseURL,
    stateDatabaseUrl,
  }) => {
    await signIn('admin@e2e.test', '/clusters/main/sessions');
    await page.getByRole('link', { name: 'Tokens' }).click();
    await expect(page).toHaveURL(/\/tokens$/);
    const name = uniqueName('e2e-nightly');
    const secret = await createTokenInPage(page, {
      name,
      role: 'viewer',
      clusters: ['main'],
      expiresIn: '12h',
      note: 'nightly report',
    });
    expect(secret).toMatch(/^pgw_/);
    const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
    await expect(row).toContainText('viewer');
    await expect(row).toContainText('admin@e2e.test');
    await expect(row).toContainText('never');

    const used = await callApi(baseURL!, secret, 'GET', '/api/v1/clusters');
    expect(used.status).toBe(200);
    expect(used.body).toEqual({ clusters: [{ id: 'main', name: 'Main', role: 'viewer' }] });

    await page.reload();
    await expect(page.getByTestId('token-secret')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(secret);
    await expect(row).not.toContainText('never');

    const beforeRevoke = await lastAuditId(stateDatabaseUrl);
    page.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await expect(row).toContainText('revoked');
    expect(await auditEventsSince(stateDatabaseUrl, 'admin@e2e.test', beforeRevoke)).toEqual([
      expect.objectContaining({
        action: 'token_revoke',
        actor_role: 'admin',
        outcome: 'done',
        detail: { name, role: 'viewer', clusters: ['main'], expiresAt: expect.any(String), note: 'nightly report' },
      }),
    ]);
    const refused = await callApi(baseURL!, secret, 'GET', '/api/v1/clusters');
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('revoked') } });
  });

  test('only admins see the Tokens page and may manage tokens', async ({ page, signIn, baseURL }) => {
    await signIn('operator@e2e.test', '/clusters/main/sessions');
    await expect(page.getByRole('link', { name: 'Tokens' })).toHaveCount(0);
    await page.goto('/tokens');
    await expect(page).toHaveURL(/\/denied/);
    const operator = await createToken(baseURL!, adminToken, {
      name: uniqueName('e2e-op'),
      role: 'operator',
      clusters: ['main'],
    });
    const created = await callApi(baseURL!, operator, 'POST', '/api/v1/tokens', {
      body: { name: uniqueName('e2e-escalate'), role: 'admin', clusters: ['main'], expiresIn: '1d' },
    });
    expect(created.status).toBe(403);
    expect((await callApi(baseURL!, operator, 'GET', '/api/v1/tokens')).status).toBe(403);
  });

  test('a revocation counts at once on a second pgwarden instance', async ({ baseURL, appConfigPath, authSecret }) => {
    test.setTimeout(90_000);
    const name = uniqueName('e2e-two');
    const secret = await createToken(baseURL!, adminToken, { name, role: 'viewer', clusters: ['main'] });
    const second = await startSecondInstance(appConfigPath, authSecret);
    try {
      expect((await callApi(second.baseURL, secret, 'GET', '/api/v1/clusters')).status).toBe(200);
      expect((await callApi(baseURL!, adminToken, 'DELETE', `/api/v1/tokens/${name}`)).status).toBe(200);
      const refused = await callApi(second.baseURL, secret, 'GET', '/api/v1/clusters');
      expect(refused.status).toBe(401);
      expect(JSON.stringify(refused.body)).toContain('revoked');
    } finally {
      await second.stop();
    }
  });

  test('an expired token, a token for another cluster, a malformed header and a token in a cookie are refused', async ({
    baseURL,
    stateDatabaseUrl,
  }) => {
    const name = uniqueName('e2e-expired');
    const expired = await createToken(baseURL!, adminToken, { name, role: 'viewer', clusters: ['main'] });
    await withClient(stateDatabaseUrl, (client) =>
      client.query(`update service_tokens set expires_at = now() - interval '1 second' where name = $1`, [name]),
    );
    const late = await callApi(baseURL!, expired, 'GET', '/api/v1/clusters/main/sessions');
    expect(late.status).toBe(401);
    expect(JSON.stringify(late.body)).toContain('expired');

    const flakyOnly = await createToken(baseURL!, adminToken, {
      name: uniqueName('e2e-flaky'),
      role: 'admin',
      clusters: ['flaky'],
    });
    const wrong = await callApi(baseURL!, flakyOnly, 'GET', '/api/v1/clusters/main/sessions');
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ error: { code: 'forbidden' } });

    const malformed = await callApi(baseURL!, null, 'GET', '/api/v1/clusters', {
      headers: { authorization: adminToken },
    });
    expect(malformed.status).toBe(401);

    for (const cookie of [
      `${SESSION_COOKIE}=${adminToken}`,
      `pgwarden_token=${adminToken}`,
      `authorization=Bearer%20${adminToken}`,
    ]) {
      const ignored = await callApi(baseURL!, null, 'GET', '/api/v1/clusters', { headers: { cookie } });
      expect(ignored.status, cookie.split('=')[0]).toBe(401);
    }
    const write = await callApi(baseURL!, null, 'POST', '/api/v1/clusters/main/signals', {
      headers: { cookie: `${SESSION_COOKIE}=${adminToken}` },
      body: { action: 'terminate', filter: { application: 'x' }, dryRun: true },
    });
    expect(write.status).toBe(401);
  });

  test('a viewer token cannot signal, and every signal by a token is audited with its name and creator', async ({
    baseURL,
    stateDatabaseUrl,
  }) => {
    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e token audit */', 'e2e-token-audit');
    const viewerName = uniqueName('e2e-viewer');
    const viewer = await createToken(baseURL!, adminToken, { name: viewerName, role: 'viewer', clusters: ['main'] });
    const refused = await callApi(baseURL!, viewer, 'POST', '/api/v1/clusters/main/signals', {
      body: { action: 'terminate', targets: [{ pid, backendStart }] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden', message: expect.stringContaining('viewer') } });

    const operatorName = uniqueName('e2e-operator');
    const operator = await createToken(baseURL!, adminToken, {
      name: operatorName,
      role: 'operator',
      clusters: ['main'],
    });
    const done = await callApi<{ results: { outcome: string }[] }>(
      baseURL!,
      operator,
      'POST',
      '/api/v1/clusters/main/signals',
      {
        body: { action: 'terminate', targets: [{ pid, backendStart }] },
      },
    );
    expect(done.status).toBe(200);
    expect(done.body.results).toEqual([expect.objectContaining({ outcome: 'terminated' })]);

    const rows = await auditRowsOf(
      stateDatabaseUrl,
      { clusterId: 'main', pid, backendStart },
      'actor_email, actor_role, actor_provider, actor_token_creator, outcome',
    );
    expect(rows).toEqual([
      {
        actor_email: `token:${viewerName}`,
        actor_role: 'viewer',
        actor_provider: 'token',
        actor_token_creator: expect.stringMatching(/^token:e2e-admin-/),
        outcome: 'refused',
      },
      {
        actor_email: `token:${operatorName}`,
        actor_role: 'operator',
        actor_provider: 'token',
        actor_token_creator: expect.stringMatching(/^token:e2e-admin-/),
        outcome: 'terminated',
      },
    ]);
    const listed = await callApi<{ entries: { actorEmail: string; actorTokenCreator: string }[] }>(
      baseURL!,
      adminToken,
      'GET',
      `/api/v1/audit?actor=token:${operatorName}`,
    );
    expect(listed.body.entries).toEqual([
      expect.objectContaining({
        actorEmail: `token:${operatorName}`,
        actorTokenCreator: expect.stringMatching(/^token:e2e-admin-/),
      }),
    ]);
  });
});
