// The request headers proxy.ts hands on to pgwarden's pages, routes and actions, pinned so that nothing a client
// sends can stand in for what pgwarden's own checks read.
import { randomUUID } from 'node:crypto';
import type { PgwardenConfig } from '@/lib/config/schema';
import { ACTION_ORIGIN_HEADER, expectedOrigin } from './request-origin';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function forwardedRequestHeaders(
  method: string,
  incoming: Headers,
  config: Pick<PgwardenConfig, 'publicUrl' | 'trustProxy'>,
): Headers {
  const headers = new Headers(incoming);
  const requestId = incoming.get('x-request-id');
  headers.set('x-request-id', requestId && REQUEST_ID.test(requestId) ? requestId : randomUUID());
  if (!config.trustProxy) {
    // Without a trusted proxy these say what the client wants them to; next-auth builds its URLs from them.
    const origin = expectedOrigin(incoming, config);
    const host = incoming.get('host');
    if (host) headers.set('x-forwarded-host', host);
    else headers.delete('x-forwarded-host');
    headers.set('x-forwarded-proto', origin?.startsWith('https:') ? 'https' : 'http');
  }
  // A server action's Origin is judged by lib/dal (audited, a clean refusal), not by Next's check, which answers a
  // foreign Origin with a bare 500 and lets a missing one through: hand it on under a name only this proxy sets.
  headers.delete(ACTION_ORIGIN_HEADER);
  if (method === 'POST' && incoming.has('next-action')) {
    const origin = incoming.get('origin');
    if (origin) headers.set(ACTION_ORIGIN_HEADER, origin);
    headers.delete('origin');
  }
  return headers;
}
