import { describe, expect, it } from 'vitest';
import { judgeTarget, typedConfirmationAccepted } from './guard-rails';
import type { SignalTarget } from './target-lookup';

const protect = { users: ['replicator'], applications: ['billing-ledger'], databases: [] as string[] };

function target(change: Partial<SignalTarget> = {}): SignalTarget {
  return {
    pid: 100,
    requestedBackendStart: '2026-11-25 10:00:00+00',
    present: true,
    backendStart: '2026-11-25 10:00:00+00',
    user: 'app',
    database: 'shop',
    applicationName: 'api',
    clientAddr: null,
    backendType: 'client backend',
    state: 'active',
    query: 'select 1',
    queryStart: null,
    leaderPid: null,
    queryAgeMs: 1,
    xactAgeMs: 1,
    backendAgeMs: 1,
    stateAgeMs: 1,
    userIsSuperuser: false,
    isPgwarden: false,
    predictedPermitted: true,
    ...change,
  };
}

describe('judgeTarget', () => {
  it('lets an operator signal an ordinary client session without typing', () => {
    expect(judgeTarget(target(), 'operator', protect, false)).toEqual({
      eligible: true,
      needsTypedConfirmation: false,
    });
  });

  it('asks for typing on superuser sessions', () => {
    expect(judgeTarget(target({ userIsSuperuser: true }), 'operator', protect, false)).toEqual({
      eligible: true,
      needsTypedConfirmation: true,
    });
  });

  it('refuses what is gone, pgwarden itself, parallel workers and background processes', () => {
    expect(judgeTarget(target({ present: false }), 'admin', protect, true)).toMatchObject({
      eligible: false,
      outcome: 'already_gone',
    });
    expect(judgeTarget(target({ isPgwarden: true }), 'admin', protect, true)).toMatchObject({ outcome: 'refused' });
    expect(judgeTarget(target({ leaderPid: 42 }), 'admin', protect, true)).toMatchObject({
      outcome: 'refused',
      message: expect.stringContaining('pid 42'),
    });
    expect(judgeTarget(target({ backendType: 'checkpointer' }), 'admin', protect, true)).toMatchObject({
      outcome: 'refused',
    });
  });

  it('keeps walsenders and autovacuum workers for admins who acknowledged the warning', () => {
    const walsender = target({ backendType: 'walsender' });
    expect(judgeTarget(walsender, 'operator', protect, true)).toMatchObject({ outcome: 'refused' });
    expect(judgeTarget(walsender, 'admin', protect, false)).toMatchObject({ outcome: 'refused' });
    expect(judgeTarget(walsender, 'admin', protect, true)).toEqual({ eligible: true, needsTypedConfirmation: true });
  });

  it('keeps protected sessions for admins, with typing', () => {
    const ledger = target({ applicationName: 'billing-ledger' });
    expect(judgeTarget(ledger, 'operator', protect, false)).toMatchObject({ outcome: 'refused' });
    expect(judgeTarget(ledger, 'admin', protect, false)).toEqual({ eligible: true, needsTypedConfirmation: true });
  });
});

describe('typedConfirmationAccepted', () => {
  it('takes the count or the cluster id, nothing else', () => {
    expect(typedConfirmationAccepted(' 12 ', 12, 'prod')).toBe(true);
    expect(typedConfirmationAccepted('prod', 12, 'prod')).toBe(true);
    expect(typedConfirmationAccepted('11', 12, 'prod')).toBe(false);
    expect(typedConfirmationAccepted(undefined, 12, 'prod')).toBe(false);
  });
});
