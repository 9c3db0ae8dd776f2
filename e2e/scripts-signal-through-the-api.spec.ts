import type pg from 'pg';
import { connect } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { OpenApiDocument } from './openapi-document';
import { bootstrapAdminToken, callApi, createToken, uniqueName, type ApiAnswer } from './service-tokens';
import { backendAlive, signalCallCount } from './signal-evidence';
import { appSessions } from './sessions';

type Session = { pid: number; backendStart: string };

test.describe('the /api/v1 API', () => {
  const bag = appSessions();
  let admin: string;
  let operator: string;
  let viewer: string;
  let document: OpenApiDocument;
  const idle: pg.Client[] = [];

  test.beforeAll(async ({ browser, baseURL }) => {
    admin = await bootstrapAdminToken(browser, baseURL!);
    operator = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-api-op'),
      role: 'operator',
      clusters: ['main'],
    });
    viewer = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-api-viewer'),
      role: 'viewer',
      clusters: ['main'],
    });
    document = new OpenApiDocument((await (await fetch(`${baseURL}/api/v1/openapi.json`)).json()) as never);
  });
  test.afterAll(async () => {
    await Promise.all(idle.map((client) => client.end().catch(() => {})));
  });

  /** Calls a route and checks the answer against the document, by the route's template. */
  async function call<T = Record<string, unknown>>(
    baseURL: string,
    token: string | null,
    method: string,
    template: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiAnswer<T>> {
    const answer = await callApi<T>(baseURL, token, method.toUpperCase(), path, options);
    expect(document.mismatch(template, method, answer), `${method} ${path} -> ${answer.status}`).toBeNull();
    return answer;
  }

  /** Waits until the sampler lists `count` sessions of the application. */
  async function listed(baseURL: string, application: string, count: number): Promise<Session[]> {
    let sessions: Session[] = [];
    await expect
      .poll(
        async () => {
          const answer = await callApi<{ sessions: Session[] }>(
            baseURL,
            admin,
            'GET',
            `/api/v1/clusters/main/sessions?application=${application}`,
          );
          sessions = answer.body.sessions;
          return sessions.length;
        },
        { timeout: 15_000 },
      )
      .toBe(count);
    return sessions;
  }

  test('the OpenAPI document is well-formed and every route answers as it says', async ({ baseURL }) => {
    expect(document.problems()).toEqual([]);
    // The validator bites: a wrong shape or an undocumented status is reported.
    expect(
      document.mismatch('/api/v1/clusters', 'get', { status: 200, body: { clusters: [{ id: 1 }] } }),
    ).not.toBeNull();
    expect(document.mismatch('/api/v1/clusters', 'get', { status: 418, body: {} })).not.toBeNull();
    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e api shapes */', 'e2e-api-shapes');
    await listed(baseURL!, 'e2e-api-shapes', 1);
    const base = '/api/v1/clusters/{clusterId}';
    await call(baseURL!, admin, 'get', '/api/v1/clusters', '/api/v1/clusters');
    await call(baseURL!, null, 'get', '/api/v1/clusters', '/api/v1/clusters');
    await call(
      baseURL!,
      admin,
      'get',
      `${base}/sessions`,
      '/api/v1/clusters/main/sessions?state=active&sort=pid&dir=asc',
    );
    await call(baseURL!, admin, 'get', `${base}/sessions`, '/api/v1/clusters/main/sessions?sort=nonsense');
    await call(baseURL!, admin, 'get', `${base}/sessions`, '/api/v1/clusters/nope/sessions');
    const flaky = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-api-flaky'),
      role: 'viewer',
      clusters: ['flaky'],
    });
    await call(baseURL!, flaky, 'get', `${base}/sessions`, '/api/v1/clusters/main/sessions');
    const one = await call<{ session: Session }>(
      baseURL!,
      admin,
      'get',
      `${base}/sessions/{pid}`,
      `/api/v1/clusters/main/sessions/${pid}`,
    );
    expect(one.body.session.pid).toBe(pid);
    await call(baseURL!, admin, 'get', `${base}/sessions/{pid}`, '/api/v1/clusters/main/sessions/2147483000');
    await call(baseURL!, admin, 'get', `${base}/blocking`, '/api/v1/clusters/main/blocking');
    await call(baseURL!, admin, 'get', `${base}/owners`, '/api/v1/clusters/main/owners?by=application');
    await call(baseURL!, admin, 'get', `${base}/history`, '/api/v1/clusters/main/history?range=hour');
    await call(baseURL!, admin, 'get', `${base}/history`, '/api/v1/clusters/main/history?range=custom');
    await call(baseURL!, admin, 'get', '/api/v1/audit', '/api/v1/audit?limit=5');
    await call(baseURL!, admin, 'get', '/api/v1/audit', '/api/v1/audit?outcome=nonsense');

    const name = uniqueName('e2e-api-shape');
    const token = { name, role: 'viewer', clusters: ['main'], expiresIn: '1h' };
    await call(baseURL!, admin, 'post', '/api/v1/tokens', '/api/v1/tokens', { body: token });
    await call(baseURL!, admin, 'post', '/api/v1/tokens', '/api/v1/tokens', { body: token });
    await call(baseURL!, admin, 'post', '/api/v1/tokens', '/api/v1/tokens', { body: { ...token, expiresIn: '400d' } });
    await call(baseURL!, admin, 'get', '/api/v1/tokens', '/api/v1/tokens');
    await call(baseURL!, viewer, 'get', '/api/v1/tokens', '/api/v1/tokens');
    await call(baseURL!, admin, 'delete', '/api/v1/tokens/{name}', `/api/v1/tokens/${name}`);
    await call(baseURL!, admin, 'delete', '/api/v1/tokens/{name}', `/api/v1/tokens/${name}`);

    const signals = `${base}/signals`;
    const target = { pid, backendStart };
    await call(baseURL!, admin, 'post', signals, '/api/v1/clusters/main/signals', {
      body: { action: 'cancel', targets: [target], dryRun: true },
    });
    await call(baseURL!, admin, 'post', signals, '/api/v1/clusters/main/signals', { body: { action: 'cancel' } });
    await call(baseURL!, viewer, 'post', signals, '/api/v1/clusters/main/signals', {
      body: { action: 'cancel', targets: [target] },
    });
    await call(baseURL!, operator, 'post', signals, '/api/v1/clusters/main/signals', {
      body: { action: 'terminate', targets: [target] },
    });
    for (const seen of [
      'get /api/v1/clusters 200',
      `get ${base}/sessions 400`,
      `post ${signals} 200`,
      'delete /api/v1/tokens/{name} 404',
    ]) {
      expect([...document.seen]).toContain(seen);
    }
  });

  test('a dry run answers with the sessions a filter would hit and signals nothing', async ({ baseURL, db }) => {
    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e api dry run */', 'e2e-api-dry');
    await listed(baseURL!, 'e2e-api-dry', 1);
    const before = await signalCallCount(db);
    const plan = await callApi<{ wouldSignal: Session[]; count: number; confirmationRequired: boolean }>(
      baseURL!,
      operator,
      'POST',
      '/api/v1/clusters/main/signals',
      { body: { action: 'terminate', filter: { application: 'e2e-api-dry' }, dryRun: true } },
    );
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, count: 1, confirmationRequired: false });
    expect(plan.body.wouldSignal).toEqual([expect.objectContaining({ pid, backendStart })]);
    expect(await backendAlive(db, { pid, backendStart })).toBe(true);
    expect(await signalCallCount(db)).toBe(before);
  });

  test('a retried POST with the same Idempotency-Key signals once and answers the same', async ({ baseURL, db }) => {
    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e api retry */', 'e2e-api-retry');
    const body = { action: 'terminate', targets: [{ pid, backendStart }] };
    const headers = { 'idempotency-key': uniqueName('retry') };
    const before = await signalCallCount(db);
    const first = await callApi(baseURL!, operator, 'POST', '/api/v1/clusters/main/signals', { body, headers });
    const retry = await callApi(baseURL!, operator, 'POST', '/api/v1/clusters/main/signals', { body, headers });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await signalCallCount(db)).toBe(before + 1);
    const reused = await callApi(baseURL!, operator, 'POST', '/api/v1/clusters/main/signals', {
      body: { ...body, action: 'cancel' },
      headers,
    });
    expect(reused.status).toBe(409);
    expect(JSON.stringify(reused.body)).toContain('different request');
  });

  test('a filter-based terminate of 200 idle sessions sends one signalling statement, after the typed confirmation', async ({
    baseURL,
    db,
  }) => {
    test.setTimeout(90_000);
    for (let batch = 0; batch < 10; batch++) {
      idle.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => connect(bag.url, { application_name: 'e2e-api-bulk' })),
        )),
      );
    }
    await listed(baseURL!, 'e2e-api-bulk', 200);
    const filter = { application: 'e2e-api-bulk', state: 'idle' };
    const before = await signalCallCount(db);
    const plan = await callApi(baseURL!, admin, 'POST', '/api/v1/clusters/main/signals', {
      body: { action: 'terminate', filter, dryRun: true },
    });
    expect(plan.body).toMatchObject({ count: 200, confirmationRequired: true });
    const unconfirmed = await callApi(baseURL!, admin, 'POST', '/api/v1/clusters/main/signals', {
      body: { action: 'terminate', filter },
    });
    expect(unconfirmed.status).toBe(409);
    expect(await signalCallCount(db)).toBe(before);
    const done = await callApi<{ results: { outcome: string }[] }>(
      baseURL!,
      admin,
      'POST',
      '/api/v1/clusters/main/signals',
      {
        body: { action: 'terminate', filter, confirm: '200' },
      },
    );
    expect(done.status).toBe(200);
    expect(done.body.results).toHaveLength(200);
    expect(new Set(done.body.results.map((result) => result.outcome))).toEqual(new Set(['terminated']));
    expect(await signalCallCount(db)).toBe(before + 1);
  });
});
