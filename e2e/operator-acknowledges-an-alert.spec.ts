import { auditRowsOf } from '../test/backend-rows';
import { withClient } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { cookieHeader } from './direct-terminate';
import { OpenApiDocument } from './openapi-document';
import { postServerAction, serverActionId } from './server-action';
import { mintSessionToken } from './session-cookie';
import { callApi, createToken, createTokenInPage, signInAs, uniqueName } from './service-tokens';
import { appSessions } from './sessions';

type Alert = { id: string; rule: string; sessions: { pid: number }[]; acknowledgedBy: { email: string } | null };

// The "alerting" cluster of e2e/app-under-test.ts alerts on queries running longer than 3 s, and on nothing else.
test.describe('an alert on the cluster pages', () => {
  const bag = appSessions();

  test('an operator sees a long query alert, follows its session link and acknowledges it; a viewer sees who did', async ({
    page,
    browser,
    baseURL,
    signIn,
    stateDatabaseUrl,
  }) => {
    test.setTimeout(90_000);
    const session = await bag.busy('select pg_sleep(600) /* e2e alert ack */', 'e2e-alert-ack');
    await signIn('operator@e2e.test', '/clusters/alerting/blocking');
    const alert = page.getByTestId('alert').filter({ hasText: `pid ${session.pid},` });
    await expect(alert).toBeVisible({ timeout: 20_000 });
    await expect(alert).toHaveAttribute('data-rule', 'query_running');
    await expect(alert).toContainText('Long query');
    await expect(alert).toContainText(/query running \d+ s \(over 3 s\)/);
    await expect(alert).toContainText('e2e-alert-ack');
    await expect(alert.getByRole('time')).toHaveText(/^since \d\d:\d\d UTC$/);

    // The session's link opens the sessions page on that session's detail.
    await alert.getByRole('link', { name: `pid ${session.pid}` }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/alerting/sessions\\?.*detail=${session.pid}%40`));
    await expect(page.getByTestId('session-detail')).toHaveAttribute('aria-label', `Session ${session.pid}`);

    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await expect(alert.getByTestId('alert-acknowledged')).toHaveText(
      /^acknowledged by operator@e2e\.test at \d\d:\d\d UTC$/,
    );
    await expect(alert.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

    const audited = await auditRowsOf(
      stateDatabaseUrl,
      { clusterId: 'alerting', ...session },
      'actor_email, actor_role, outcome, target_pid as pid',
      'acknowledge_alert',
    );
    expect(audited).toEqual([
      { actor_email: 'operator@e2e.test', actor_role: 'operator', outcome: 'done', pid: session.pid },
    ]);

    const viewerContext = await browser.newContext({ baseURL });
    try {
      const viewer = await viewerContext.newPage();
      await signInAs(viewer, 'viewer@e2e.test');
      await viewer.goto('/clusters/alerting/owners');
      const seen = viewer.getByTestId('alert').filter({ hasText: `pid ${session.pid},` });
      await expect(seen.getByTestId('alert-acknowledged')).toContainText('acknowledged by operator@e2e.test');
      await expect(viewer.getByTestId('alerts-strip').getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);
    } finally {
      await viewerContext.close();
    }

    // When the query ends, the alert resolves by itself and leaves the strip.
    await session.close();
    await expect(alert).toHaveCount(0, { timeout: 20_000 });
  });

  test('a script lists the alerts and acknowledges one through /api/v1, as the OpenAPI document says', async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const document = new OpenApiDocument((await (await fetch(`${baseURL}/api/v1/openapi.json`)).json()) as never);
    await signInAs(page, 'admin@e2e.test');
    const admin = await createTokenInPage(page, {
      name: uniqueName('e2e-alerts-admin'),
      role: 'admin',
      clusters: ['alerting'],
    });
    const operator = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-alerts-op'),
      role: 'operator',
      clusters: ['alerting'],
    });
    const viewer = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-alerts-viewer'),
      role: 'viewer',
      clusters: ['alerting'],
    });
    const list = '/api/v1/clusters/{clusterId}/alerts';
    const acknowledge = '/api/v1/clusters/{clusterId}/alerts/{alertId}/acknowledge';
    const call = async <T>(token: string | null, method: 'get' | 'post', template: string, path: string) => {
      const answer = await callApi<T>(baseURL!, token, method.toUpperCase(), path);
      expect(document.mismatch(template, method, answer), `${method} ${path} -> ${answer.status}`).toBeNull();
      return answer;
    };

    const session = await bag.busy('select pg_sleep(600) /* e2e alert api */', 'e2e-alert-api');
    let alert: Alert | undefined;
    await expect
      .poll(
        async () => {
          const answer = await call<{ alerts: Alert[] }>(viewer, 'get', list, '/api/v1/clusters/alerting/alerts');
          alert = answer.body.alerts.find((candidate) => candidate.sessions[0]?.pid === session.pid);
          return alert?.rule;
        },
        { timeout: 20_000 },
      )
      .toBe('query_running');
    await call(viewer, 'get', list, '/api/v1/clusters/alerting/alerts?state=bogus');
    await call(viewer, 'get', list, '/api/v1/clusters/nope/alerts');
    await call(null, 'get', list, '/api/v1/clusters/alerting/alerts');
    const path = `/api/v1/clusters/alerting/alerts/${alert!.id}/acknowledge`;
    expect((await call(viewer, 'post', acknowledge, path)).status).toBe(403);
    expect(
      (await call(operator, 'post', acknowledge, '/api/v1/clusters/alerting/alerts/999999999/acknowledge')).status,
    ).toBe(404);
    expect((await call(operator, 'post', acknowledge, '/api/v1/clusters/alerting/alerts/x/acknowledge')).status).toBe(
      400,
    );
    const done = await call<{ alert: Alert }>(operator, 'post', acknowledge, path);
    expect(done.status).toBe(200);
    expect(done.body.alert.acknowledgedBy?.email).toMatch(/^token:e2e-alerts-op-/);

    await session.close();
    await expect
      .poll(
        async () => {
          const answer = await call<{ alerts: (Alert & { resolvedAt: string | null })[] }>(
            viewer,
            'get',
            list,
            '/api/v1/clusters/alerting/alerts?state=all',
          );
          return answer.body.alerts.find((candidate) => candidate.id === alert!.id)?.resolvedAt ?? null;
        },
        { timeout: 20_000 },
      )
      .not.toBeNull();
    for (const seen of [`get ${list} 200`, `get ${list} 400`, `get ${list} 401`, `get ${list} 404`]) {
      expect([...document.seen]).toContain(seen);
    }
    for (const status of [200, 400, 403, 404]) expect([...document.seen]).toContain(`post ${acknowledge} ${status}`);
  });

  test('an acknowledgement posted from another site, or with no Origin, is refused and audited; the alert stays as it was', async ({
    request,
    authSecret,
    stateDatabaseUrl,
  }) => {
    test.setTimeout(60_000);
    const session = await bag.busy('select pg_sleep(600) /* e2e alert origin */', 'e2e-alert-origin');
    const alertId = async () =>
      withClient(stateDatabaseUrl, async (client) => {
        const { rows } = await client.query<{ id: string; acknowledged_by: string | null }>(
          `select id::text, acknowledged_by from alerts
            where cluster_id = 'alerting' and resolved_at is null and sessions -> 0 ->> 'pid' = $1`,
          [String(session.pid)],
        );
        return rows[0];
      });
    await expect.poll(async () => (await alertId())?.id, { timeout: 20_000 }).toBeTruthy();
    const { id } = (await alertId())!;
    const cookie = cookieHeader(await mintSessionToken(authSecret, { email: 'operator@e2e.test' }, 3600));
    const acknowledge = (headers: Record<string, string>) =>
      postServerAction(request, {
        path: '/clusters/alerting/sessions',
        actionId: serverActionId('app/clusters/[cluster]/alert-actions.ts', 'acknowledgeAlertAction'),
        args: [{ clusterId: 'alerting', alertId: id }],
        headers: { ...cookie, ...headers },
      });
    for (const headers of [{ Origin: 'https://attacker.example' }, {}] as Record<string, string>[]) {
      const answer = await acknowledge(headers);
      expect(answer.result).toEqual({
        ok: false,
        code: 'forbidden',
        message: expect.stringContaining('nothing was acknowledged'),
      });
    }
    expect((await alertId())!.acknowledged_by).toBeNull();
    const refused = await withClient(stateDatabaseUrl, async (client) => {
      const { rows } = await client.query<{ outcome: string }>(
        `select outcome from audit_log where action = 'acknowledge_alert' and actor_email = 'operator@e2e.test'
            and detail ->> 'alertId' = $1 order by id`,
        [id],
      );
      return rows.map((row) => row.outcome);
    });
    expect(refused).toEqual(['refused', 'refused']);
    await session.close();
  });
});
