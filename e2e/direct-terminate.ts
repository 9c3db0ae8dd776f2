// A terminate sent straight to the signal server action (no UI), and the proof that a refused one signalled nothing.
import type { APIRequestContext } from '@playwright/test';
import type pg from 'pg';
import { expect } from './fixtures';
import { postServerAction, serverActionId, type ActionAnswer } from './server-action';
import { SESSION_COOKIE } from './session-cookie';
import type { SessionBag } from './sessions';
import { backendAlive, signalCallCount } from './signal-evidence';

export interface Target {
  pid: number;
  backendStart: string;
}

export const cookieHeader = (token: string) => ({ Cookie: `${SESSION_COOKIE}=${token}` });

/** A pg_sleep backend opened through `bag` (a non-superuser role's URL), which pgwarden's role may terminate. */
export async function sleepingTarget(bag: SessionBag): Promise<Target> {
  const { pid, backendStart } = await bag.busy('select pg_sleep(600) /* e2e direct call target */', 'e2e-direct-call');
  return { pid, backendStart };
}

/** Posts what the dialog would send for one target on "main"; `headers` carry Origin and Cookie, nothing is added. */
export function postTerminate(
  request: APIRequestContext,
  target: Target,
  headers: Record<string, string>,
): Promise<ActionAnswer> {
  return postServerAction(request, {
    path: '/clusters/main/sessions',
    actionId: serverActionId('app/clusters/[cluster]/sessions/actions.ts', 'signalSessionsAction'),
    args: [{ clusterId: 'main', action: 'terminate', targets: [target], timeoutMs: 1000 }],
    headers,
  });
}

/**
 * Sends terminate for a fresh target and checks, on the cluster, that it was refused: the backend is still there and
 * pgwarden's role called no pg_terminate_backend. Returns the answer for the spec to check why.
 */
export async function expectTerminateRefused(
  db: pg.Client,
  bag: SessionBag,
  request: APIRequestContext,
  headers: Record<string, string>,
): Promise<ActionAnswer> {
  const target = await sleepingTarget(bag);
  const signalsBefore = await signalCallCount(db);
  const answer = await postTerminate(request, target, headers);
  expect(answer.result, answer.body).not.toEqual(expect.objectContaining({ ok: true }));
  expect(await backendAlive(db, target), 'the target backend is still there').toBe(true);
  expect(await signalCallCount(db), 'pgwarden called no pg_terminate_backend').toBe(signalsBefore);
  return answer;
}
