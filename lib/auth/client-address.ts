// The address a sign-in comes from, for throttling: the socket's peer, or with `trustProxy` the address the proxy
// in front of pgwarden appended to X-Forwarded-For (the last entry; earlier ones are whatever the client sent).
import type { PgwardenConfig } from '@/lib/config/schema';
import { PEER_ADDRESS_HEADER } from '@/lib/http/peer-address';

type Headers = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function normalise(address: string): string {
  const trimmed = address.trim().slice(0, 64);
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

export function clientAddress(headers: Headers, config: Pick<PgwardenConfig, 'trustProxy'>): string {
  if (config.trustProxy) {
    const forwarded = first(headers['x-forwarded-for'])?.split(',').at(-1);
    if (forwarded?.trim()) return normalise(forwarded);
  }
  const peer = first(headers[PEER_ADDRESS_HEADER]);
  return peer ? normalise(peer) : 'unknown';
}
