// The logger for the current request: every line carries the request id proxy.ts gave the request.
import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import type { Logger } from 'pino';
import { log } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id the client may have sent is kept only when it looks like one (no log injection through it). */
export function acceptableRequestId(value: string | null | undefined): string | null {
  return value && /^[A-Za-z0-9._:-]{1,100}$/.test(value) ? value : null;
}

export function newRequestId(): string {
  return randomUUID();
}

/** A child logger with `requestId` (and any fields given), or the root logger outside a request. */
export async function requestLog(fields: Record<string, unknown> = {}): Promise<Logger> {
  let requestId: string | null = null;
  try {
    requestId = acceptableRequestId((await headers()).get(REQUEST_ID_HEADER));
  } catch {
    // Outside a request (sampler, history writer): no request id to add.
  }
  return log.child(requestId ? { requestId, ...fields } : fields);
}
