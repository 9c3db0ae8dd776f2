import { describe, expect, it } from 'vitest';
import { failure } from '@/lib/types/result';
import { failureHeaders, httpStatusOf } from './http-status';

describe('route failures', () => {
  it('answers rate_limited with 429 and Retry-After', () => {
    expect(httpStatusOf('rate_limited')).toBe(429);
    expect(failureHeaders({ ...failure('rate_limited', 'wait'), retryAfterSeconds: 42 })).toEqual({
      'cache-control': 'no-store',
      'retry-after': '42',
    });
    expect(failureHeaders(failure('invalid_input', 'bad'))).toEqual({ 'cache-control': 'no-store' });
  });
});
