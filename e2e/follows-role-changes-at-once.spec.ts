// Roles are looked up in the config on every request, never remembered in the session cookie: a grant added to or
// removed from the config file applies to the very next requests of an already signed-in user.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { cookieHeader } from './direct-terminate';
import { expect, test } from './fixtures';
import { mintSessionToken } from './session-cookie';

// A user of its own, so that changing its grant touches no other spec.
const EMAIL = 'on-loan@e2e.test';

/** Swaps the file in one step, so the app never reads it half-written. */
function replaceFile(file: string, text: string) {
  writeFileSync(`${file}.next`, text, { mode: 0o600 });
  renameSync(`${file}.next`, file);
}

test('a viewer grant added to the config file opens the sessions route at once, and removing it closes it again', async ({
  request,
  appConfigPath,
  authSecret,
}) => {
  const cookie = cookieHeader(await mintSessionToken(authSecret, { email: EMAIL }, 3600));
  const status = async (api: APIRequestContext) =>
    (await api.get('/api/clusters/main/sessions', { headers: cookie })).status();
  const original = readFileSync(appConfigPath, 'utf8');
  expect(await status(request)).toBe(403);

  try {
    const config = JSON.parse(original) as { auth: { roles: unknown[] } };
    config.auth.roles.push({ role: 'viewer', email: EMAIL, clusters: ['main'] });
    replaceFile(appConfigPath, JSON.stringify(config, null, 2));
    await expect.poll(() => status(request), { timeout: 5000 }).toBe(200);
  } finally {
    replaceFile(appConfigPath, original);
  }
  await expect.poll(() => status(request), { timeout: 5000 }).toBe(403);
});

test('an open live sessions stream says "refused" and closes as soon as the grant is removed', async ({
  request,
  baseURL,
  appConfigPath,
  authSecret,
}) => {
  const cookie = cookieHeader(await mintSessionToken(authSecret, { email: EMAIL }, 3600));
  const original = readFileSync(appConfigPath, 'utf8');
  const config = JSON.parse(original) as { auth: { roles: unknown[] } };
  config.auth.roles.push({ role: 'viewer', email: EMAIL, clusters: ['main'] });
  replaceFile(appConfigPath, JSON.stringify(config, null, 2));
  let received = '';
  try {
    await expect
      .poll(async () => (await request.get('/api/clusters/main/sessions', { headers: cookie })).status(), {
        timeout: 5000,
      })
      .toBe(200);
    const response = await fetch(`${baseURL}/api/clusters/main/sessions/stream?interval=1000`, { headers: cookie });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const readUntil = async (text: string, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!received.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms; got: ${received.slice(-500)}`);
        const { value, done } = await reader.read();
        if (done) return true;
        received += value;
      }
      return false;
    };
    await readUntil('event: diff', 10_000);
    replaceFile(appConfigPath, original);
    await readUntil('event: refused', 10_000);
    expect(await readUntil('\u0000never', 5000)).toBe(true); // the server ended the stream
  } finally {
    replaceFile(appConfigPath, original);
  }
});
