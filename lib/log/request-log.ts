// The logger for the current request: every line carries the request id proxy.ts gave the request.
import 'server-only';
import { headers } from 'next/headers';
import type { Logger } from 'pino';
import { log } from './logger';

/** A child logger with `requestId` (and any fields given), or one with just the fields outside a request. */
export async function requestLog(fields: Record<string, unknown> = {}): Promise<Logger> {
  let requestId: string | null = null;
  try {
    // proxy.ts replaces any id a client sent that is not a short token, so it is safe to log as is.
    requestId = (await headers()).get('x-request-id');
  } catch {
    // Outside a request (sampler, history writer): no request id to add.
  }
  return log.child(requestId ? { requestId, ...fields } : fields);
}
