// The HTTP status that goes with each failure code of the data-access layer.
import type { Failure, FailureCode } from '@/lib/types/result';

const statuses: Record<FailureCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export function httpStatusOf(code: FailureCode): number {
  return statuses[code];
}

/** The response headers of a route's failure: no caching, and Retry-After when the caller is rate limited. */
export function failureHeaders(result: Pick<Failure, 'retryAfterSeconds'>): Record<string, string> {
  return {
    'cache-control': 'no-store',
    ...(result.retryAfterSeconds ? { 'retry-after': String(result.retryAfterSeconds) } : {}),
  };
}
