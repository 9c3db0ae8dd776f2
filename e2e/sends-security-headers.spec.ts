// Every response carries the security headers: pages, redirects, API routes, next-auth's routes, static files and
// errors; the pages' scripts all carry the nonce of their own response's CSP; no HSTS over plain http.
import type { APIResponse } from '@playwright/test';
import { expect, test } from './fixtures';
import { mintSessionToken, SESSION_COOKIE } from './session-cookie';

function expectSecurityHeaders(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers['content-security-policy'], `${what}: CSP`).toMatch(
    /^default-src 'self'; script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic';.*frame-ancestors 'none'/,
  );
  expect(headers['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY');
  expect(headers['x-content-type-options'], `${what}: X-Content-Type-Options`).toBe('nosniff');
  expect(headers['referrer-policy'], `${what}: Referrer-Policy`).toBe('same-origin');
  // The e2e app is served over plain http: a browser would ignore HSTS there, and it must not be claimed.
  expect(headers['strict-transport-security'], `${what}: no HSTS over http`).toBeUndefined();
}

const nonceOf = (response: APIResponse) =>
  /'nonce-([^']+)'/.exec(response.headers()['content-security-policy'] ?? '')?.[1];

test('pages, API routes, next-auth, static files and errors all carry the security headers', async ({
  request,
  authSecret,
}) => {
  const token = await mintSessionToken(authSecret, { email: 'operator@e2e.test' }, 3600);
  const signedIn = { Cookie: `${SESSION_COOKIE}=${token}` };

  const signInPage = await request.get('/signin');
  expect(signInPage.status()).toBe(200);
  const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(await signInPage.text())?.[1];
  expect(script, 'the sign-in page loads a script from /_next/static').toBeDefined();

  const answers: [string, APIResponse, number][] = [
    ['sign-in page', signInPage, 200],
    ['sessions page', await request.get('/clusters/main/sessions', { headers: signedIn }), 200],
    ['redirect to sign-in', await request.get('/clusters/main/sessions', { maxRedirects: 0 }), 307],
    ['unknown page', await request.get('/no-such-page'), 404],
    ['sessions API', await request.get('/api/clusters/main/sessions', { headers: signedIn }), 200],
    ['sessions API refused', await request.get('/api/clusters/main/sessions'), 401],
    ['next-auth session', await request.get('/api/auth/session', { headers: signedIn }), 200],
    ['next-auth csrf', await request.get('/api/auth/csrf'), 200],
    ['static script', await request.get(script!), 200],
    ['icon', await request.get('/icon.svg'), 200],
  ];
  for (const [what, response, status] of answers) {
    expect(response.status(), what).toBe(status);
    expectSecurityHeaders(response, what);
  }
  expect(await answers[6]![1].json()).toMatchObject({ user: { email: 'operator@e2e.test' } });
});

test('each page gets a fresh nonce, and every script on it carries that nonce', async ({ request }) => {
  const first = await request.get('/signin');
  const second = await request.get('/signin');
  expect(nonceOf(first)).toBeDefined();
  expect(nonceOf(first)).not.toBe(nonceOf(second));

  const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(first)}"`);
});

test('a client that claims https through X-Forwarded-Proto gets no HSTS: the app does not trust a proxy', async ({
  request,
}) => {
  const response = await request.get('/signin', { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(response.headers()['strict-transport-security']).toBeUndefined();
  expect(response.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');
});

test('the signed-in sessions page works in the browser under its CSP', async ({ page, signIn, cspViolations }) => {
  await signIn('operator@e2e.test', '/clusters/main/sessions');
  await expect(page.getByTestId('current-role')).toHaveText('operator on main');
  await page.goto('/no-such-page');
  await page.goto('/clusters/main/sessions');
  await expect(page.getByTestId('current-role')).toHaveText('operator on main');
  // The fixture fails the test on any violation; an explicit look says what this test is for.
  expect(cspViolations).toEqual([]);
});
