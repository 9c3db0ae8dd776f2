// The signal server action and the sessions route are public HTTP endpoints: called by hand, without the UI, they act
// only for a signed-in caller whose role allows it. Every refused terminate is checked on the monitored cluster: the
// target backend lives on, and pgwarden's role called no pg_terminate_backend (e2e/direct-terminate.ts).
import { randomBytes } from 'node:crypto';
import { cookieHeader, expectTerminateRefused, postTerminate, sleepingTarget } from './direct-terminate';
import { expect, test } from './fixtures';
import { mintSessionToken, sessionCookieOf } from './session-cookie';
import { appSessions } from './sessions';
import { backendAlive, signalCallCount } from './signal-evidence';

const SESSIONS_ROUTE = '/api/clusters/main/sessions';

const bag = appSessions();

test.describe('the signal server action, called directly', () => {
  test('with an operator session cookie, terminates (so the hand-made call is shaped right)', async ({
    page,
    request,
    signIn,
    db,
    baseURL,
  }) => {
    const target = await sleepingTarget(bag);
    await signIn('operator@e2e.test', '/clusters/main/sessions');
    const signalsBefore = await signalCallCount(db);

    const answer = await postTerminate(request, target, {
      Origin: baseURL!,
      ...cookieHeader(await sessionCookieOf(page.context())),
    });

    expect(answer.status).toBe(200);
    expect(answer.result).toEqual({
      ok: true,
      data: { results: [expect.objectContaining({ pid: target.pid, outcome: 'terminated' })] },
    });
    expect(await backendAlive(db, target)).toBe(false);
    expect(await signalCallCount(db)).toBe(signalsBefore + 1);
  });

  test('without a session cookie: refused', async ({ request, db, baseURL }) => {
    const answer = await expectTerminateRefused(db, bag, request, { Origin: baseURL! });
    expect(answer.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  test("with a viewer's session cookie: refused, terminating needs operator", async ({
    page,
    request,
    signIn,
    db,
    baseURL,
  }) => {
    await signIn('viewer@e2e.test', '/clusters/main/sessions');
    const cookie = cookieHeader(await sessionCookieOf(page.context()));
    const answer = await expectTerminateRefused(db, bag, request, { Origin: baseURL!, ...cookie });
    expect(answer.result).toMatchObject({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('is viewer'),
    });
  });

  test('with a forged session cookie: refused', async ({ request, db, baseURL }) => {
    const garbled = await expectTerminateRefused(db, bag, request, {
      Origin: baseURL!,
      ...cookieHeader(randomBytes(300).toString('base64url')),
    });
    expect(garbled.result).toMatchObject({ ok: false, code: 'unauthenticated' });

    // Well-formed, for an admin, but encrypted with a guessed secret.
    const forged = await mintSessionToken(randomBytes(32).toString('base64url'), { email: 'admin@e2e.test' }, 3600);
    const wellFormed = await expectTerminateRefused(db, bag, request, { Origin: baseURL!, ...cookieHeader(forged) });
    expect(wellFormed.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  test('with an expired session cookie: refused', async ({ request, db, baseURL, authSecret }) => {
    const expired = await mintSessionToken(authSecret, { email: 'operator@e2e.test' }, -3600);
    const answer = await expectTerminateRefused(db, bag, request, { Origin: baseURL!, ...cookieHeader(expired) });
    expect(answer.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  test("from a foreign Origin, even with an operator's session cookie: refused before the action runs", async ({
    page,
    request,
    signIn,
    db,
  }) => {
    await signIn('operator@e2e.test', '/clusters/main/sessions');
    const cookie = cookieHeader(await sessionCookieOf(page.context()));
    const answer = await expectTerminateRefused(db, bag, request, { Origin: 'https://attacker.example', ...cookie });
    // pgwarden's own Origin check in lib/dal refuses it as a value (Next's would answer a bare 500).
    expect(answer.status).toBe(200);
    expect(answer.result).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringContaining('attacker') });
  });

  test('with the x-middleware-subrequest header of CVE-2025-29927 and no cookie: refused', async ({
    request,
    db,
    baseURL,
  }) => {
    const answer = await expectTerminateRefused(db, bag, request, {
      Origin: baseURL!,
      'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware',
    });
    expect(answer.result).toMatchObject({ ok: false, code: 'unauthenticated' });
  });
});

test.describe('the sessions route, called directly', () => {
  test('without a session cookie: 401 and no session data', async ({ request }) => {
    await sleepingTarget(bag); // a session the answer could leak
    const response = await request.get(SESSIONS_ROUTE);
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ ok: false, code: 'unauthenticated', message: expect.any(String) });
  });

  test('for a user mapped to no role: 403 and no session data', async ({ page, request, signIn }) => {
    await sleepingTarget(bag); // a session the answer could leak
    await signIn('nobody@e2e.test', '/');
    const response = await request.get(SESSIONS_ROUTE, {
      headers: cookieHeader(await sessionCookieOf(page.context())),
    });
    expect(response.status()).toBe(403);
    expect(await response.json()).toEqual({
      ok: false,
      code: 'forbidden',
      message: expect.stringContaining('nobody@e2e.test has no role'),
    });
  });
});
