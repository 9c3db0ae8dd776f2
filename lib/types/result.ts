// What every server action and API route returns: data, or an error a person can act on.
export type FailureCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_input'
  | 'not_found'
  | 'unavailable'
  | 'conflict'
  | 'rate_limited'
  | 'internal';

export interface Failure {
  ok: false;
  code: FailureCode;
  message: string;
  /** rate_limited only: when the caller may try again (routes send it as Retry-After). */
  retryAfterSeconds?: number;
}

export type Result<T> = { ok: true; data: T } | Failure;

export function failure(code: FailureCode, message: string): Failure {
  return { ok: false, code, message };
}
