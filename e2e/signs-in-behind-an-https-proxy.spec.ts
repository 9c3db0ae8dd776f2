// Behind a TLS-terminating proxy (trustProxy, X-Forwarded-Proto: https) sign-in sets Secure, __Secure-/__Host- named
// cookies, the session is read back under that name, and responses carry HSTS. Without trustProxy the same header
// from a client changes nothing. Real next-auth over real HTTP: the CSRF round trip, then the credentials callback.
import { expect, passwordOf, test } from './fixtures';
import { startSecondApp, type SecondApp } from './second-app';

interface Answer {
  status: number;
  headers: Headers;
  /** name -> the whole Set-Cookie line */
  setCookies: Map<string, string>;
  body: string;
}

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const setCookies = new Map(response.headers.getSetCookie().map((line) => [line.split('=')[0]!, line]));
  return { status: response.status, headers: response.headers, setCookies, body: await response.text() };
}

const valueOf = (line: string | undefined) => line?.split(';')[0]!.split('=').slice(1).join('=');

/** Signs operator@ in through next-auth's own endpoints, sending `headers` (the proxy's) on every request. */
async function signInOverHttp(baseURL: string, headers: Record<string, string>) {
  const csrf = await call(`${baseURL}/api/auth/csrf`, { headers });
  expect(csrf.status).toBe(200);
  const [csrfName, csrfLine] = [...csrf.setCookies].find(([name]) => name.endsWith('next-auth.csrf-token'))!;
  const callback = await call(`${baseURL}/api/auth/callback/local`, {
    method: 'POST',
    headers: {
      ...headers,
      'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `${csrfName}=${valueOf(csrfLine)}`,
    },
    body: new URLSearchParams({
      csrfToken: (JSON.parse(csrf.body) as { csrfToken: string }).csrfToken,
      email: 'operator@e2e.test',
      password: passwordOf('operator@e2e.test'),
      json: 'true',
    }),
  });
  expect(callback.status, callback.body).toBe(200);
  const session = [...callback.setCookies].find(([name]) => name.endsWith('next-auth.session-token'));
  expect(session, 'a session cookie was set').toBeDefined();
  return { csrf, callback, csrfName, csrfLine: csrfLine!, sessionName: session![0], sessionLine: session![1] };
}

const PROXY = { 'X-Forwarded-Proto': 'https' };
const cookieAttributes = (line: string) => line.split(';').map((part) => part.trim().toLowerCase());

test.describe('with trustProxy, behind a proxy that says https', () => {
  let app: SecondApp;
  test.beforeAll(async ({ appConfigPath }) => {
    app = await startSecondApp(appConfigPath, { trustProxy: true });
  });
  test.afterAll(() => app?.stop());

  test('sign-in sets Secure, prefixed cookies, the session works under that name, and HSTS is sent', async () => {
    const signedIn = await signInOverHttp(app.baseURL, PROXY);
    expect(signedIn.csrfName).toBe('__Host-next-auth.csrf-token');
    expect(cookieAttributes(signedIn.csrfLine)).toContain('secure');
    expect(signedIn.sessionName).toBe('__Secure-next-auth.session-token');
    expect(cookieAttributes(signedIn.sessionLine)).toEqual(expect.arrayContaining(['secure', 'httponly']));
    expect(signedIn.callback.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');

    const cookie = `${signedIn.sessionName}=${valueOf(signedIn.sessionLine)}`;
    const session = await call(`${app.baseURL}/api/auth/session`, { headers: { ...PROXY, Cookie: cookie } });
    expect(JSON.parse(session.body)).toMatchObject({ user: { email: 'operator@e2e.test' } });
    // Pages read the session through lib/dal/caller.ts: the same cookie name, or they would send it to sign-in.
    const page = await call(`${app.baseURL}/clusters/main/sessions`, { headers: { ...PROXY, Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect(page.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
  });

  test('a request that reaches it over plain http gets plain cookies and no HSTS', async () => {
    const signedIn = await signInOverHttp(app.baseURL, {});
    expect(signedIn.sessionName).toBe('next-auth.session-token');
    expect(cookieAttributes(signedIn.sessionLine)).not.toContain('secure');
    expect(signedIn.callback.headers.get('strict-transport-security')).toBeNull();
  });
});

test.describe('without trustProxy', () => {
  let app: SecondApp;
  test.beforeAll(async ({ appConfigPath }) => {
    app = await startSecondApp(appConfigPath, { trustProxy: false });
  });
  test.afterAll(() => app?.stop());

  test('a client sending X-Forwarded-Proto: https still gets plain cookies and no HSTS, and stays signed in', async () => {
    const signedIn = await signInOverHttp(app.baseURL, PROXY);
    expect(signedIn.csrfName).toBe('next-auth.csrf-token');
    expect(cookieAttributes(signedIn.csrfLine)).not.toContain('secure');
    expect(signedIn.sessionName).toBe('next-auth.session-token');
    expect(cookieAttributes(signedIn.sessionLine)).not.toContain('secure');
    expect(signedIn.callback.headers.get('strict-transport-security')).toBeNull();

    const cookie = `${signedIn.sessionName}=${valueOf(signedIn.sessionLine)}`;
    const page = await call(`${app.baseURL}/clusters/main/sessions`, { headers: { ...PROXY, Cookie: cookie } });
    expect(page.status).toBe(200);
  });
});

test.describe('with an https publicUrl', () => {
  let app: SecondApp;
  test.beforeAll(async ({ appConfigPath }) => {
    app = await startSecondApp(appConfigPath, { publicUrl: 'https://pgwarden.example.test' });
  });
  test.afterAll(() => app?.stop());

  test('cookies are Secure and HSTS is sent, whatever the request says', async () => {
    const signedIn = await signInOverHttp(app.baseURL, {});
    expect(signedIn.sessionName).toBe('__Secure-next-auth.session-token');
    expect(cookieAttributes(signedIn.sessionLine)).toContain('secure');
    const signInPage = await call(`${app.baseURL}/signin`);
    expect(signInPage.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
