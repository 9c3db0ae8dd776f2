// A forged or damaged session cookie is one short log line (no stack, no token), so nobody can flood the log with
// them; next-auth's client-log endpoint, which would write whatever anyone posts, is not served.
import { expect, test } from './fixtures';
import { logMark, parsed } from './app-log';
import { mintSessionToken, SESSION_COOKIE } from './session-cookie';

test('a forged and a damaged session cookie each write exactly one line, without a stack or the cookie', async ({
  playwright,
  baseURL,
  appConfigPath,
}) => {
  const forged = await mintSessionToken('not-the-app-secret-but-32-characters-long', { email: 'admin@e2e.test' }, 3600);
  const damaged = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..garbage.not-a-token.at-all';
  for (const cookie of [forged, damaged]) {
    const log = logMark(appConfigPath);
    const request = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: `${SESSION_COOKIE}=${cookie}` },
    });
    const response = await request.get('/api/auth/session');
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({});
    await request.dispose();

    const lines = log.lines();
    const sessionErrors = parsed(lines).filter((event) => event.code === 'JWT_SESSION_ERROR');
    expect(sessionErrors).toHaveLength(1);
    expect(sessionErrors[0]).toMatchObject({ level: 'warn', event: 'auth_error' });
    // Nothing else the request caused: no stack lines, no "[next-auth]" console output.
    expect(parsed(lines).filter((event) => 'raw' in event)).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/\n\s+at |\[next-auth\]/);
    expect(lines.join('\n')).not.toContain(cookie.slice(0, 40));
  }
});

test('POST /api/auth/_log is not served and writes nothing', async ({ request, appConfigPath }) => {
  const log = logMark(appConfigPath);
  const response = await request.post('/api/auth/_log', {
    form: { level: 'error', code: 'FORGED_EVENT', message: 'anyone could write this' },
  });
  expect(response.status()).toBe(404);
  expect(log.lines().join('\n')).not.toContain('FORGED_EVENT');
});

test('a server action call Next cannot serve is one JSON line, not a stack', async ({ request, appConfigPath }) => {
  const log = logMark(appConfigPath);
  const response = await request.post('/clusters/main/sessions', {
    headers: { 'Next-Action': 'f'.repeat(42), 'Content-Type': 'text/plain;charset=UTF-8', Accept: 'text/x-component' },
    data: '[]',
    maxRedirects: 0,
  });
  expect(response.status()).toBeLessThan(500);
  await expect.poll(() => log.lines().length).toBeGreaterThan(0);
  expect(parsed(log.lines()).filter((event) => 'raw' in event)).toEqual([]);
  expect(log.lines().join('\n')).not.toMatch(/\n\s+at /);
});
