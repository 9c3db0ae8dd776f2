// The address a request comes from, for throttling and the audit log: the socket's peer, or with `trustProxy` the
// address the proxy in front of pgwarden appended to X-Forwarded-For (the last entry; earlier ones are whatever the
// client sent).
import type { PgwardenConfig } from '@/lib/config/schema';
import { PEER_ADDRESS_HEADER } from './peer-address';
import type { HeaderSource } from './request-origin';

/** next-auth hands route headers over as a plain object; everything else has a Headers object. */
type HeaderRecord = Record<string, string | string[] | undefined>;

function header(headers: HeaderSource | HeaderRecord, name: string): string | undefined {
  if (typeof headers.get === 'function') return (headers as HeaderSource).get(name) ?? undefined;
  const value = (headers as HeaderRecord)[name];
  return Array.isArray(value) ? value[0] : value;
}

function normalise(address: string): string {
  const trimmed = address.trim().slice(0, 64);
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/** The client's address, or null when the request carries none pgwarden can believe. */
export function clientAddress(
  headers: HeaderSource | HeaderRecord,
  config: Pick<PgwardenConfig, 'trustProxy'>,
): string | null {
  if (config.trustProxy) {
    const forwarded = header(headers, 'x-forwarded-for')?.split(',').at(-1);
    if (forwarded?.trim()) return normalise(forwarded);
  }
  const peer = header(headers, PEER_ADDRESS_HEADER);
  return peer ? normalise(peer) : null;
}
