import { describe, expect, it } from 'vitest';
import { throttledErrorCode, throttledMessage } from './throttle-message';

const at = Date.parse('2026-12-01T09:37:00Z');

describe('the throttled sign-in message', () => {
  it('says who is throttled, for how long and until when (UTC)', () => {
    expect(throttledMessage(throttledErrorCode('account', 240, at))).toBe(
      'Too many failed sign-ins for this account. Try again in 4 minutes (at 09:41 UTC).',
    );
    expect(throttledMessage(throttledErrorCode('address', 60, at))).toBe(
      'Too many failed sign-ins from your network address. Try again in 1 minute (at 09:38 UTC).',
    );
    expect(throttledMessage(throttledErrorCode('account', 0.2, at))).toBe(
      'Too many failed sign-ins for this account. Try again in 1 second (at 09:37 UTC).',
    );
    expect(throttledMessage(throttledErrorCode('account', 61, at))).toMatch(/in 2 minutes \(at 09:38 UTC\)/);
  });

  it('is null for any other error, so a crafted ?error= cannot put words on the page', () => {
    for (const error of [
      null,
      undefined,
      '',
      'CredentialsSignin',
      'SignInThrottled:account:1:x',
      'SignInThrottled:admin:1:1',
    ])
      expect(throttledMessage(error)).toBeNull();
  });
});
