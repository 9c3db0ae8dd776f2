// Bad input is a 4xx that names the field, never a 500 or a 503: timestamps PostgreSQL would reject, and server
// action bodies that Next itself fails to decode (too large, not JSON, nested too deep).
import { freshCaller } from './audit-evidence';
import { cookieHeader } from './direct-terminate';
import { expect, test } from './fixtures';
import { serverActionId } from './server-action';
import { mintSessionToken } from './session-cookie';
import { signalCallCount } from './signal-evidence';
import { lookupAndSignalCalls } from './fuzz-evidence';

const actionId = () => serverActionId('app/clusters/[cluster]/sessions/actions.ts', 'signalSessionsAction');

for (const backendStart of ['0000-01-01 00:00:00', '2026-99-99 99:99:99+99:99', '2026-05-01 10:00:00+99:99']) {
  test(`a terminate for backend_start ${backendStart} is refused as invalid, naming the field`, async ({
    request,
    baseURL,
    authSecret,
    db,
  }) => {
    const operator = await freshCaller(authSecret, 'dba');
    const before = await lookupAndSignalCalls(db);
    const response = await request.post('/clusters/main/sessions', {
      headers: {
        ...operator.headers,
        Origin: baseURL!,
        'Next-Action': actionId(),
        'Content-Type': 'text/plain;charset=UTF-8',
      },
      data: JSON.stringify([{ clusterId: 'main', action: 'terminate', targets: [{ pid: 4_200_001, backendStart }] }]),
    });
    const row = (await response.text()).split('\n').find((line) => line.startsWith('1:'));
    expect(JSON.parse(row!.slice(2))).toMatchObject({
      ok: false,
      code: 'invalid_input',
      message: expect.stringContaining('targets.0.backendStart is not a date and time PostgreSQL accepts'),
    });
    expect(await lookupAndSignalCalls(db), 'nothing reached the monitored cluster').toBe(before);
  });
}

test.describe('GET routes with dates PostgreSQL rejects', () => {
  let admin: Record<string, string>;
  test.beforeEach(async ({ authSecret }) => {
    admin = cookieHeader(await mintSessionToken(authSecret, { email: 'admin@e2e.test' }, 3600));
  });

  test('the audit log: 400 naming "from"', async ({ request }) => {
    for (const from of ['2026-01-01T00:00:00+99:99', '0000-01-01', '2026-01-01T00:00+16:00']) {
      const response = await request.get(`/api/audit?from=${encodeURIComponent(from)}`, { headers: admin });
      expect(response.status(), from).toBe(400);
      expect(await response.json()).toMatchObject({
        ok: false,
        code: 'invalid_input',
        message: expect.stringContaining('from'),
      });
    }
  });

  test('the history export: 400 naming "from"', async ({ request }) => {
    for (const from of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00+23:00']) {
      const query = new URLSearchParams({ range: 'custom', from, to: '2026-01-02T00:00:00Z' });
      const response = await request.get(`/api/clusters/main/history/export?${query}`, { headers: admin });
      expect(response.status(), from).toBe(400);
      expect(await response.json()).toMatchObject({
        ok: false,
        code: 'invalid_input',
        message: expect.stringContaining('from'),
      });
    }
  });
});

test.describe('server action bodies Next cannot decode', () => {
  async function post(
    request: import('@playwright/test').APIRequestContext,
    baseURL: string,
    headers: object,
    data: string,
  ) {
    return request.post('/clusters/main/sessions', {
      headers: { ...headers, Origin: baseURL, 'Next-Action': actionId(), 'Content-Type': 'text/plain;charset=UTF-8' },
      data,
    });
  }

  test('malformed JSON, deep nesting and an oversized body: 400 / 413 with a message, nothing signalled', async ({
    request,
    baseURL,
    authSecret,
    db,
  }) => {
    const operator = await freshCaller(authSecret, 'dba');
    const signalsBefore = await signalCallCount(db);
    const cases: [string, number, RegExp][] = [
      ['[{"clusterId":"main","action":', 400, /not valid JSON/],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400, /nested deeper/],
      [JSON.stringify([{ clusterId: 'main', confirmation: 'x'.repeat(1_100_000) }]), 413, /at most 1048576/],
    ];
    for (const [body, status, message] of cases) {
      const response = await post(request, baseURL!, operator.headers, body);
      expect(response.status(), body.slice(0, 40)).toBe(status);
      expect(await response.json()).toMatchObject({
        ok: false,
        code: 'invalid_input',
        message: expect.stringMatching(message),
      });
    }
    expect(await signalCallCount(db)).toBe(signalsBefore);
    const alive = await request.get('/api/clusters/main/sessions', { headers: operator.headers });
    expect(alive.status()).toBe(200);
  });
});
