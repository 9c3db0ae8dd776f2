import { describe, expect, it } from 'vitest';
import { rateLimited, refusalKey } from './refusal-limit';

const identity = { email: 'Ann@Example.com', name: null, groups: [], provider: 'local' };

describe('whose refusals count together', () => {
  it('keys a person by email in any case, others by address or together; never the raw value', () => {
    expect(refusalKey(identity, '203.0.113.9')).toBe(refusalKey({ ...identity, email: 'ann@example.com' }, null));
    expect(refusalKey(null, '203.0.113.9')).not.toBe(refusalKey(null, '198.51.100.7'));
    expect(refusalKey(null, null)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says when to try again', () => {
    expect(rateLimited(42)).toMatchObject({
      ok: false,
      code: 'rate_limited',
      retryAfterSeconds: 42,
      message: expect.stringMatching(/try again in 42 s \(after \d\d:\d\d:\d\d UTC\)/),
    });
  });
});
