// A terminate must come from pgwarden's own pages: pgwarden checks the Origin itself, because Next's built-in check
// lets a request without Origin through and trusts X-Forwarded-Host. Each refusal is clean, audited once, and the
// target lives on; the same call with the right Origin still works.
import { auditRowsSince, freshCaller, lastAuditId } from './audit-evidence';
import { expectTerminateRefused, postTerminate, sleepingTarget } from './direct-terminate';
import { expect, test } from './fixtures';
import { appSessions } from './sessions';
import { backendAlive } from './signal-evidence';

const bag = appSessions();

const refusedBecauseOfOrigin = {
  ok: false,
  code: 'forbidden',
  message: expect.stringMatching(/Origin|not from pgwarden's own pages/),
};

test("an operator's terminate with no Origin header is refused and audited once", async ({
  request,
  db,
  authSecret,
  stateDatabaseUrl,
}) => {
  const operator = await freshCaller(authSecret, 'dba');
  const before = await lastAuditId(stateDatabaseUrl);
  const answer = await expectTerminateRefused(db, bag, request, operator.headers);
  expect(answer.status).toBe(200);
  expect(answer.result).toEqual({ ...refusedBecauseOfOrigin, message: expect.stringContaining('no Origin header') });
  const rows = await auditRowsSince(stateDatabaseUrl, operator.email, before);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ cluster_id: 'main', action: 'terminate', target_count: 1, outcome: 'refused' });
});

test('a foreign Origin with a forged X-Forwarded-Host to match is refused and audited once', async ({
  request,
  db,
  authSecret,
  stateDatabaseUrl,
}) => {
  const operator = await freshCaller(authSecret, 'dba');
  const before = await lastAuditId(stateDatabaseUrl);
  const answer = await expectTerminateRefused(db, bag, request, {
    ...operator.headers,
    Origin: 'https://attacker.example',
    'X-Forwarded-Host': 'attacker.example',
    'X-Forwarded-Proto': 'https',
  });
  expect(answer.status).toBe(200);
  expect(answer.result).toEqual({
    ...refusedBecauseOfOrigin,
    message: expect.stringContaining('comes from https://attacker.example'),
  });
  expect(await auditRowsSince(stateDatabaseUrl, operator.email, before)).toHaveLength(1);
});

test('a foreign Origin that matches neither Host nor a forwarded host is refused cleanly and audited once', async ({
  request,
  db,
  authSecret,
  stateDatabaseUrl,
}) => {
  const operator = await freshCaller(authSecret, 'dba');
  const before = await lastAuditId(stateDatabaseUrl);
  const answer = await expectTerminateRefused(db, bag, request, {
    ...operator.headers,
    Origin: 'https://attacker.example',
  });
  expect(answer.status).toBe(200);
  expect(answer.result).toEqual({
    ...refusedBecauseOfOrigin,
    message: expect.stringContaining('comes from https://attacker.example'),
  });
  expect(await auditRowsSince(stateDatabaseUrl, operator.email, before)).toHaveLength(1);
});

test('a terminate without Origin and without a session is audited once, as not signed in', async ({
  request,
  db,
  stateDatabaseUrl,
}) => {
  const before = await lastAuditId(stateDatabaseUrl);
  const answer = await expectTerminateRefused(db, bag, request, {});
  expect(answer.result).toMatchObject(refusedBecauseOfOrigin);
  const rows = await auditRowsSince(stateDatabaseUrl, null, before);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ actor_email: null, cluster_id: 'main', outcome: 'refused' });
});

test('the same terminate from pgwarden’s own origin still works', async ({ request, db, baseURL, authSecret }) => {
  const operator = await freshCaller(authSecret, 'dba');
  const target = await sleepingTarget(bag);
  const answer = await postTerminate(request, target, { ...operator.headers, Origin: baseURL! });
  expect(answer.result).toEqual({
    ok: true,
    data: { results: [expect.objectContaining({ pid: target.pid, outcome: 'terminated' })] },
  });
  expect(await backendAlive(db, target)).toBe(false);
});
