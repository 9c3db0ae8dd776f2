// The HTTP status that goes with each failure code of the data-access layer.
import type { FailureCode } from '@/lib/types/result';

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
