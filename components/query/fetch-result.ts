// GETs one of pgwarden's JSON routes and unwraps its Result; a failure throws a RequestError with the route's code.
import type { Result } from '@/lib/types/result';

export class RequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchResult<T>(url: string): Promise<T> {
  return resultOf<T>(await fetchOrOffline(url));
}

export async function fetchOrOffline(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { cache: 'no-store', ...init });
  } catch {
    throw new RequestError('offline', 'pgwarden itself cannot be reached; check your network or the console server.');
  }
}

export async function resultOf<T>(response: Response): Promise<T> {
  const result = (await response.json().catch(() => null)) as Result<T> | null;
  if (!result) throw new RequestError('internal', `pgwarden answered ${response.status}; try again.`);
  if (!result.ok) throw new RequestError(result.code, result.message);
  return result.data;
}
