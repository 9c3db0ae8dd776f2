// A viewer who may not stop a session asks the team owning it: the detail panel shows the team and its contact,
// sends the note, confirms it, and the audit log has the ask_owner row; the team's receiver (a real HTTP server
// started here) gets the signed message.
import { createServer, type Server } from 'node:http';
import type { Page } from '@playwright/test';
import { auditRowsOf } from '../test/backend-rows';
import type { BusySession } from '../test/pg-helpers';
import { expect, test } from './fixtures';
import { OpenApiDocument } from './openapi-document';
import { bootstrapAdminToken, callApi, createToken, uniqueName } from './service-tokens';
import { appSessions, rowOf } from './sessions';

interface Delivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function startReceiver(port: number): Promise<{ server: Server; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, deliveries }));
  });
}

const askOwnerAuditRows = (stateDatabaseUrl: string, session: BusySession) =>
  auditRowsOf<{
    actor_email: string;
    actor_role: string;
    outcome: string;
    detail: { team?: string; receiver?: string; note?: string } | null;
  }>(stateDatabaseUrl, { clusterId: 'main', ...session }, 'actor_email, actor_role, outcome, detail', 'ask_owner');

test.describe('asking the owner of a session', () => {
  const bag = appSessions();
  let receiver: { server: Server; deliveries: Delivery[] };

  test.beforeAll(async () => {
    receiver = await startReceiver(Number(process.env.E2E_OWNER_RECEIVER_PORT));
  });
  test.afterAll(async () => {
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  async function askAbout(page: Page, pid: number, note: string) {
    await rowOf(page, pid).click();
    const detail = page.getByTestId('session-detail');
    await detail.getByRole('button', { name: 'Ask the owner' }).click();
    await detail.getByLabel('Note to e2e-data').fill(note);
    await detail.getByRole('button', { name: 'Send to e2e-data' }).click();
    return detail;
  }

  test('a viewer sees the team and its contact, asks it, and the ask is confirmed and audited', async ({
    page,
    signIn,
    stateDatabaseUrl,
  }) => {
    const session = await bag.busy('select pg_sleep(600) /* e2e ask the owner */', 'e2e-ask-owner-nightly');
    await signIn('viewer@e2e.test', '/clusters/main/sessions?application=e2e-ask-owner-nightly');
    await expect(rowOf(page, session.pid).getByTestId('session-team')).toHaveText('e2e-data');
    await rowOf(page, session.pid).click();
    const detail = page.getByTestId('session-detail');
    await expect(detail.getByTestId('session-owner-team')).toHaveText('e2e-data');
    await expect(detail.getByTestId('session-owner-contact')).toContainText('#e2e-data-oncall');

    const note = `May we terminate ${session.pid}? It holds up the e2e load.`;
    await askAbout(page, session.pid, note);
    await expect(detail.getByTestId('ask-owner-sent')).toContainText('Sent to e2e-data');
    expect(await askOwnerAuditRows(stateDatabaseUrl, session)).toEqual([
      {
        actor_email: 'viewer@e2e.test',
        actor_role: 'viewer',
        outcome: 'done',
        detail: { team: 'e2e-data', receiver: 'e2e-owner-receiver', note },
      },
    ]);

    // A second message about the same session within a minute is refused, and says when to try again.
    await askAbout(page, session.pid, 'again?');
    await expect(detail.getByTestId('ask-owner-error')).toContainText('less than 60 s ago');
  });

  test('the team’s receiver gets the note, the session and a link to it', async ({ page, signIn }) => {
    const session = await bag.busy('select pg_sleep(600) /* e2e delivered to the owner */', 'e2e-ask-owner-hook');
    await signIn('viewer@e2e.test', '/clusters/main/sessions?application=e2e-ask-owner-hook');
    const note = `Is ${session.pid} yours? It has run for a while.`;
    const detail = await askAbout(page, session.pid, note);
    await expect(detail.getByTestId('ask-owner-sent')).toBeVisible();
    await expect
      .poll(() => receiver.deliveries.filter((delivery) => delivery.body.includes(note)).length, { timeout: 20_000 })
      .toBe(1);
    const delivered = receiver.deliveries.find((delivery) => delivery.body.includes(note))!;
    expect(delivered.path).toBe('/ask-owner');
    expect(delivered.body).toContain('e2e-data');
    expect(delivered.body).toContain('viewer@e2e.test');
    expect(delivered.body).toContain('e2e delivered to the owner');
    expect(delivered.body).toMatch(new RegExp(`/clusters/main/sessions\\?[^"]*detail=${session.pid}`));
  });

  test('a team without a receiver shows its contact instead of the button', async ({ page, signIn }) => {
    const session = await bag.busy('select pg_sleep(600) /* e2e no receiver */', 'e2e-no-receiver');
    await signIn('operator@e2e.test', '/clusters/main/sessions?application=e2e-no-receiver');
    await rowOf(page, session.pid).click();
    const detail = page.getByTestId('session-detail');
    await expect(detail.getByTestId('session-owner-team')).toHaveText('e2e-analysts');
    await expect(detail.getByTestId('ask-owner-unavailable')).toContainText('reach it at analysts@e2e.test');
    await expect(detail.getByRole('button', { name: 'Ask the owner' })).toHaveCount(0);
  });

  test('a script with a viewer token asks through the API, as the OpenAPI document says', async ({
    browser,
    baseURL,
  }) => {
    const admin = await bootstrapAdminToken(browser, baseURL!);
    const viewer = await createToken(baseURL!, admin, {
      name: uniqueName('e2e-asker'),
      role: 'viewer',
      clusters: ['main'],
    });
    const document = new OpenApiDocument((await (await fetch(`${baseURL}/api/v1/openapi.json`)).json()) as never);
    const template = '/api/v1/clusters/{clusterId}/sessions/{pid}/ask-owner';
    const session = await bag.busy('select pg_sleep(600) /* e2e api ask */', 'e2e-ask-owner-api');
    const path = `/api/v1/clusters/main/sessions/${session.pid}/ask-owner`;
    const { backendStart } = session;
    const ask = async (body: unknown, token = viewer) => {
      const answer = await callApi(baseURL!, token, 'POST', path, { body });
      expect(document.mismatch(template, 'post', answer), `${answer.status} ${JSON.stringify(answer.body)}`).toBeNull();
      return answer;
    };
    await expect
      .poll(async () => (await ask({ backendStart, note: 'from the nightly check' })).status, { timeout: 15_000 })
      .toBe(200);
    expect((await ask({ backendStart, note: 'again' })).status).toBe(429);
    expect((await ask({ backendStart, note: 'x', extra: true })).status).toBe(400);
    expect((await ask({ backendStart: '2026-13-01 00:00:00+00', note: 'x' })).status).toBe(400);
    const cookieOnly = await callApi(baseURL!, null, 'POST', path, { body: { backendStart, note: 'x' } });
    expect(cookieOnly.status).toBe(401);
  });
});
