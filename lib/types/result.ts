// What every server action and API route returns: data, or an error a person can act on.
export type FailureCode =
  'unauthenticated' | 'forbidden' | 'invalid_input' | 'not_found' | 'unavailable' | 'conflict' | 'internal';

export interface Failure {
  ok: false;
  code: FailureCode;
  message: string;
}

export type Result<T> = { ok: true; data: T } | Failure;

export function failure(code: FailureCode, message: string): Failure {
  return { ok: false, code, message };
}
