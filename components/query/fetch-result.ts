// GETs one of pgwarden's JSON routes and unwraps its Result; failures throw the same error the sessions page uses,
// so useSignInWhenExpired sends an expired session to sign-in.
import { SessionsRequestError } from '@/components/sessions/use-sessions';
import type { Result } from '@/lib/types/result';

export async function fetchResult<T>(url: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store' });
  } catch {
    throw new SessionsRequestError('offline', 'pgwarden itself cannot be reached; check your network or the console server.');
  }
  const result = (await response.json().catch(() => null)) as Result<T> | null;
  if (!result) throw new SessionsRequestError('internal', `pgwarden answered ${response.status}; try again.`);
  if (!result.ok) throw new SessionsRequestError(result.code, result.message);
  return result.data;
}
