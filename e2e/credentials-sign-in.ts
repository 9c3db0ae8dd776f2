// Signs in with email and password over plain HTTP, as next-auth's signIn() does: CSRF token, then the callback.
import type { APIRequestContext } from '@playwright/test';

export interface CredentialsAnswer {
  status: number;
  /** next-auth's `error` parameter: CredentialsSignin, a SignInThrottled code, or null when signed in. */
  error: string | null;
}

export async function postCredentials(
  request: APIRequestContext,
  email: string,
  password: string,
): Promise<CredentialsAnswer> {
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const response = await request.post('/api/auth/callback/local', {
    form: { email, password, csrfToken, callbackUrl: '/', json: 'true' },
  });
  const { url } = (await response.json()) as { url: string };
  return { status: response.status(), error: new URL(url).searchParams.get('error') };
}
