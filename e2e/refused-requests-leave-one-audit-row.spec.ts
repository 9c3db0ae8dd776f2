// A refused signal request is one audit row however many targets it names, its strings are never echoed whole, and
// a caller who keeps being refused is slowed down: the audit log cannot be flooded by hand-made calls.
import { randomBytes } from 'node:crypto';
import { auditRowsSince, freshCaller, lastAuditId } from './audit-evidence';
import { expect, test } from './fixtures';
import { postServerAction, serverActionId } from './server-action';
import { signalCallCount } from './signal-evidence';

const SIGNAL_ACTION = () => serverActionId('app/clusters/[cluster]/sessions/actions.ts', 'signalSessionsAction');

function madeUpTargets(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    pid: 100_000 + index,
    backendStart: '2026-01-01 00:00:00+00',
  }));
}

function callSignal(request: Parameters<typeof postServerAction>[0], baseURL: string, headers: object, input: object) {
  return postServerAction(request, {
    path: '/clusters/main/sessions',
    actionId: SIGNAL_ACTION(),
    args: [input],
    headers: { Origin: baseURL, ...headers },
  });
}

test("a viewer's terminate of 5,000 made-up targets is one audit row with the count and a sample", async ({
  page,
  signIn,
  request,
  baseURL,
  authSecret,
  stateDatabaseUrl,
  db,
}) => {
  const viewer = await freshCaller(authSecret, 'leads');
  const before = await lastAuditId(stateDatabaseUrl);
  const signalsBefore = await signalCallCount(db);

  const answer = await callSignal(request, baseURL!, viewer.headers, {
    clusterId: 'main',
    action: 'terminate',
    targets: madeUpTargets(5000),
  });

  const rows = await auditRowsSince(stateDatabaseUrl, viewer.email, before);
  expect(rows).toHaveLength(1);
  expect(answer.status).toBe(200);
  expect(answer.result).toMatchObject({
    ok: false,
    code: 'invalid_input',
    message: expect.stringContaining('targets'),
  });
  expect(rows[0]).toMatchObject({ cluster_id: 'main', action: 'terminate', target_count: 5000, outcome: 'refused' });
  expect(rows[0]!.target_sample).toHaveLength(10);
  expect(rows[0]!.target_sample![0]).toEqual({ pid: 100_000, backendStart: '2026-01-01 00:00:00+00' });
  expect(await signalCallCount(db)).toBe(signalsBefore);

  // The audit page shows it as one entry with the count, the first targets in its details.
  await signIn('admin@e2e.test', `/audit?actor=${encodeURIComponent(viewer.email)}`);
  await expect(page.getByTestId('audit-row')).toHaveCount(1);
  await expect(page.getByTestId('audit-target-count')).toHaveText('5000 targets');
  await page.getByTestId('audit-row').getByRole('button').click();
  await expect(page.getByText('Targets asked for')).toBeVisible();
  await expect(page.getByText(/^5000; first 10: 100000@2026-01-01 00:00:00\+00/)).toBeVisible();
});

test('more targets than the documented cap of 1,000 are refused, even for an admin', async ({
  page,
  request,
  baseURL,
  signIn,
}) => {
  await signIn('admin@e2e.test', '/clusters/main/sessions');
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const answer = await callSignal(
    request,
    baseURL!,
    { Cookie: cookie },
    {
      clusterId: 'main',
      action: 'terminate',
      targets: madeUpTargets(1001),
      confirmation: '1001',
    },
  );
  expect(answer.result).toMatchObject({
    ok: false,
    code: 'invalid_input',
    message: expect.stringMatching(/targets .*1000/),
  });
});

test('a 900 KB cluster id is neither echoed nor stored', async ({ request, baseURL, authSecret, stateDatabaseUrl }) => {
  const viewer = await freshCaller(authSecret, 'leads');
  const before = await lastAuditId(stateDatabaseUrl);
  const huge = `x${randomBytes(450_000).toString('hex')}`.slice(0, 900_000);

  const answer = await callSignal(request, baseURL!, viewer.headers, {
    clusterId: huge,
    action: 'cancel',
    targets: madeUpTargets(1),
  });

  expect(answer.result).toMatchObject({
    ok: false,
    code: 'invalid_input',
    message: expect.stringContaining('clusterId'),
  });
  expect(answer.body.length).toBeLessThan(2000);
  const rows = await auditRowsSince(stateDatabaseUrl, viewer.email, before);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ cluster_id: null, target_count: 1 });
  expect(rows[0]!.outcome_detail!.length).toBeLessThan(1000);
});

test('a caller refused again and again is slowed down, and past the limit writes no more rows', async ({
  request,
  baseURL,
  authSecret,
  stateDatabaseUrl,
}) => {
  const viewer = await freshCaller(authSecret, 'leads');
  const before = await lastAuditId(stateDatabaseUrl);
  const refused = { clusterId: 'main', action: 'cancel', targets: madeUpTargets(1) };

  const codes: string[] = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    const answer = await callSignal(request, baseURL!, viewer.headers, refused);
    codes.push((answer.result as { code: string }).code);
  }

  expect(codes).toEqual([...Array<string>(10).fill('forbidden'), 'rate_limited', 'rate_limited']);
  const last = await callSignal(request, baseURL!, viewer.headers, refused);
  expect(last.result).toMatchObject({
    ok: false,
    code: 'rate_limited',
    message: expect.stringMatching(/try again in \d+ s/),
    retryAfterSeconds: expect.any(Number),
  });
  expect(await auditRowsSince(stateDatabaseUrl, viewer.email, before)).toHaveLength(10);

  // Another person is not slowed down by this one.
  const other = await freshCaller(authSecret, 'leads');
  const answer = await callSignal(request, baseURL!, other.headers, refused);
  expect(answer.result).toMatchObject({ ok: false, code: 'forbidden' });
});
