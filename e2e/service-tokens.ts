// Helpers for specs that use service tokens: the first admin token made through the Tokens page, then plain HTTP.
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import { passwordOf, type E2EUser } from './fixtures';

export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** Creates a token with the form of /tokens, signed in as `page`'s user; returns the secret shown once. */
export async function createTokenInPage(
  page: Page,
  token: { name: string; role: 'viewer' | 'operator' | 'admin'; clusters: string[]; expiresIn?: string; note?: string },
): Promise<string> {
  await page.goto('/tokens');
  const form = page.getByRole('form', { name: 'Create a token' });
  await form.getByLabel('Name').fill(token.name);
  await form.getByLabel('Role').selectOption(token.role);
  for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
  for (const cluster of token.clusters) await form.getByRole('checkbox', { name: cluster }).check();
  await form.getByLabel('Expires in').selectOption(token.expiresIn ?? '7d');
  if (token.note) await form.getByLabel('Note').fill(token.note);
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('token-secret').textContent())?.trim();
  if (!secret) throw new Error('the Tokens page showed no secret');
  return secret;
}

export async function signInAs(page: Page, email: E2EUser): Promise<void> {
  await page.goto('/signin?callbackUrl=%2F');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(passwordOf(email));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** An admin token for main and flaky, made through the page by admin@e2e.test in a context of its own. */
export async function bootstrapAdminToken(browser: Browser, baseURL: string): Promise<string> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await signInAs(page, 'admin@e2e.test');
    return await createTokenInPage(page, { name: uniqueName('e2e-admin'), role: 'admin', clusters: ['main', 'flaky'] });
  } finally {
    await context.close();
  }
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** One /api/v1 call with a bearer token (or none), answered as status, parsed JSON and headers. */
export async function callApi<T = Record<string, unknown>>(
  baseURL: string,
  token: string | null,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** Creates a token through the API with an admin token. */
export async function createToken(
  baseURL: string,
  adminToken: string,
  token: { name: string; role: 'viewer' | 'operator' | 'admin'; clusters: string[]; expiresIn?: string },
): Promise<string> {
  const answer = await callApi<{ secret: string }>(baseURL, adminToken, 'POST', '/api/v1/tokens', {
    body: { expiresIn: '1d', ...token },
  });
  if (answer.status !== 201) throw new Error(`token not created: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.secret;
}
