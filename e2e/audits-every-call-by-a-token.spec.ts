import { withClient } from '../test/pg-helpers';
import { auditEventsSince, lastAuditId, type AuditEventEvidence } from './audit-evidence';
import { expect, test } from './fixtures';
import { SESSION_COOKIE } from './session-cookie';
import { appSessions } from './sessions';
import { callApi, createTokenInPage, uniqueName } from './service-tokens';

test.describe('every call by a token is audited', () => {
  const bag = appSessions();

  /** The rows `actor` left since `afterId`, once `count` of them are there (token calls are written after the answer). */
  async function rowsOf(stateDatabaseUrl: string, actor: string | null, afterId: string, count: number) {
    let rows: AuditEventEvidence[] = [];
    await expect
      .poll(async () => (rows = await auditEventsSince(stateDatabaseUrl, actor, afterId)).length, { timeout: 5_000 })
      .toBeGreaterThanOrEqual(count);
    return rows;
  }

  test('each /api/v1 route, answered, refused, invalid or not found, leaves one row with the token and its creator', async ({
    page,
    signIn,
    baseURL,
    stateDatabaseUrl,
  }) => {
    test.setTimeout(60_000);
    await signIn('admin@e2e.test', '/tokens');
    const name = uniqueName('e2e-audited');
    const beforeCreate = await lastAuditId(stateDatabaseUrl);
    const token = await createTokenInPage(page, { name, role: 'admin', clusters: ['main', 'flaky'] });
    const [created] = await rowsOf(stateDatabaseUrl, 'admin@e2e.test', beforeCreate, 1);
    expect(created).toMatchObject({
      action: 'token_create',
      outcome: 'done',
      cluster_id: null,
      detail: { name, role: 'admin', clusters: ['main', 'flaky'], expiresAt: expect.any(String) },
    });

    const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e audited calls */', 'e2e-audited');
    await expect
      .poll(async () => (await callApi(baseURL!, token, 'GET', `/api/v1/clusters/main/sessions/${pid}`)).status)
      .toBe(200);
    const other = uniqueName('e2e-audited-other');
    const signals = '/api/v1/clusters/{clusterId}/signals';
    const retry = { 'idempotency-key': uniqueName('audited') };
    const terminate = { action: 'terminate', targets: [{ pid, backendStart }] };
    const calls: {
      method: string;
      path: string;
      route: string;
      status: number;
      action?: string;
      cluster?: string | null;
      body?: unknown;
      headers?: Record<string, string>;
    }[] = [
      { method: 'GET', path: '/api/v1/clusters', route: '/api/v1/clusters', status: 200, cluster: null },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/sessions',
        route: '/api/v1/clusters/{clusterId}/sessions',
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/sessions?sort=nonsense',
        route: '/api/v1/clusters/{clusterId}/sessions',
        status: 400,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/nope/sessions',
        route: '/api/v1/clusters/{clusterId}/sessions',
        status: 404,
        cluster: null,
      },
      {
        method: 'GET',
        path: `/api/v1/clusters/main/sessions/${pid}`,
        route: '/api/v1/clusters/{clusterId}/sessions/{pid}',
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/sessions/2147483000',
        route: '/api/v1/clusters/{clusterId}/sessions/{pid}',
        status: 404,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/blocking',
        route: '/api/v1/clusters/{clusterId}/blocking',
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/owners?by=application',
        route: '/api/v1/clusters/{clusterId}/owners',
        status: 200,
      },
      {
        method: 'GET',
        path: '/api/v1/clusters/main/history?range=hour',
        route: '/api/v1/clusters/{clusterId}/history',
        status: 200,
      },
      { method: 'GET', path: '/api/v1/audit?limit=1', route: '/api/v1/audit', status: 200, cluster: null },
      { method: 'GET', path: '/api/v1/audit?cluster=main&limit=1', route: '/api/v1/audit', status: 200 },
      { method: 'GET', path: '/api/v1/tokens', route: '/api/v1/tokens', status: 200, cluster: null },
      {
        method: 'POST',
        path: '/api/v1/tokens',
        route: '/api/v1/tokens',
        status: 201,
        action: 'token_create',
        cluster: null,
        body: { name: other, role: 'viewer', clusters: ['main'], expiresIn: '1h' },
      },
      {
        method: 'POST',
        path: '/api/v1/tokens',
        route: '/api/v1/tokens',
        status: 409,
        cluster: null,
        body: { name: other, role: 'viewer', clusters: ['main'], expiresIn: '1h' },
      },
      {
        method: 'DELETE',
        path: `/api/v1/tokens/${other}`,
        route: '/api/v1/tokens/{name}',
        status: 200,
        action: 'token_revoke',
        cluster: null,
      },
      {
        method: 'POST',
        path: '/api/v1/clusters/main/signals',
        route: signals,
        status: 200,
        action: 'dry_run',
        body: { action: 'terminate', filter: { application: 'e2e-audited' }, dryRun: true },
      },
      {
        method: 'POST',
        path: '/api/v1/clusters/main/signals',
        route: signals,
        status: 400,
        headers: { 'content-type': 'application/json' },
      },
      {
        method: 'POST',
        path: '/api/v1/clusters/main/signals',
        route: signals,
        status: 400,
        body: { action: 'cancel' },
      },
      {
        method: 'POST',
        path: '/api/v1/clusters/main/signals',
        route: signals,
        status: 200,
        action: 'terminate',
        body: terminate,
        headers: retry,
      },
      {
        method: 'POST',
        path: '/api/v1/clusters/main/signals',
        route: signals,
        status: 200,
        body: terminate,
        headers: retry,
      },
    ];

    const start = await lastAuditId(stateDatabaseUrl);
    for (const call of calls) {
      const label = `${call.method} ${call.path}`;
      const before = await lastAuditId(stateDatabaseUrl);
      const answer = await callApi(baseURL!, token, call.method, call.path, { body: call.body, headers: call.headers });
      expect(answer.status, label).toBe(call.status);
      const rows = await rowsOf(stateDatabaseUrl, `token:${name}`, before, 1);
      expect(rows, label).toHaveLength(1);
      const row = rows[0]!;
      expect(row, label).toMatchObject({
        actor_provider: 'token',
        actor_token_creator: 'admin@e2e.test',
        action: call.action ?? 'api_call',
        cluster_id: call.cluster === undefined ? 'main' : call.cluster,
      });
      if (!call.action || call.action === 'dry_run') {
        expect(row.detail, label).toMatchObject({ method: call.method, route: call.route, status: call.status });
        expect(row.outcome, label).toBe(call.status < 400 ? 'done' : 'refused');
      }
    }
    const [dryRun] = await auditEventsSince(stateDatabaseUrl, `token:${name}`, start).then((rows) =>
      rows.filter((row) => row.action === 'dry_run'),
    );
    expect(dryRun).toMatchObject({
      target_count: 1,
      target_sample: [{ pid, backendStart: expect.any(String) }],
      detail: { signal: 'terminate', matched: 1, wouldSignal: 1 },
    });
    const replayed = (await auditEventsSince(stateDatabaseUrl, `token:${name}`, start)).at(-1);
    expect(replayed?.detail).toMatchObject({ replayed: true, status: 200 });
    // Nothing late: still exactly one row per call.
    await page.waitForTimeout(500);
    expect(await auditEventsSince(stateDatabaseUrl, `token:${name}`, start)).toHaveLength(calls.length);

    const listed = await callApi<{ entries: { action: string; detail: Record<string, unknown> | null }[] }>(
      baseURL!,
      token,
      'GET',
      `/api/v1/audit?actor=token:${name}&action=dry_run`,
    );
    expect(listed.body.entries).toEqual([expect.objectContaining({ action: 'dry_run' })]);
  });

  test('a token sent as a cookie is ignored and leaves no token row', async ({
    page,
    signIn,
    baseURL,
    stateDatabaseUrl,
  }) => {
    await signIn('admin@e2e.test', '/tokens');
    const name = uniqueName('e2e-cookie');
    const token = await createTokenInPage(page, { name, role: 'viewer', clusters: ['main'] });
    const before = await lastAuditId(stateDatabaseUrl);
    for (const cookie of [`${SESSION_COOKIE}=${token}`, `pgwarden_token=${token}`, `authorization=Bearer%20${token}`]) {
      const ignored = await callApi(baseURL!, null, 'GET', '/api/v1/clusters/main/sessions', { headers: { cookie } });
      expect(ignored.status, cookie.split('=')[0]).toBe(401);
    }
    await page.waitForTimeout(500);
    expect(await auditEventsSince(stateDatabaseUrl, `token:${name}`, before)).toEqual([]);
    expect(await auditEventsSince(stateDatabaseUrl, null, before)).toEqual([]);
  });

  test('a revoked token is audited by name until the refusal limit, then answered 429 with no row', async ({
    page,
    signIn,
    baseURL,
    stateDatabaseUrl,
  }) => {
    await signIn('admin@e2e.test', '/tokens');
    const name = uniqueName('e2e-revoked');
    const token = await createTokenInPage(page, { name, role: 'viewer', clusters: ['main'] });
    await withClient(stateDatabaseUrl, (client) =>
      client.query(`update service_tokens set revoked_at = now(), revoked_by = 'e2e' where name = $1`, [name]),
    );
    const before = await lastAuditId(stateDatabaseUrl);
    const statuses: number[] = [];
    for (let call = 0; call < 13; call++) {
      statuses.push((await callApi(baseURL!, token, 'GET', '/api/v1/clusters/main/sessions')).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429, 429]);
    await page.waitForTimeout(500);
    const rows = await auditEventsSince(stateDatabaseUrl, `token:${name}`, before);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({
      actor_role: null,
      actor_token_creator: 'admin@e2e.test',
      action: 'api_call',
      outcome: 'refused',
      outcome_detail: expect.stringContaining('revoked'),
      detail: { status: 401, code: 'unauthenticated' },
    });
  });
});
