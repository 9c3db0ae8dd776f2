// Whether a state-changing request comes from pgwarden's own pages: its Origin must be present and be pgwarden's
// public origin (or, with no public URL set, the request's own host). Next's built-in check lets a request without
// Origin through and trusts X-Forwarded-Host, so pgwarden checks itself.
import type { PgwardenConfig } from '@/lib/config/schema';
import { ACTION_ORIGIN_HEADER, expectedOrigin, type HeaderSource } from '@/lib/http/request-origin';

const MAX_ECHOED_ORIGIN = 100;

/** Why the request is refused, or null when its origin is pgwarden's own. */
export function originProblem(
  headers: HeaderSource,
  config: Pick<PgwardenConfig, 'publicUrl' | 'trustProxy'> & { allowedOrigins?: string[] },
): string | null {
  const expected = expectedOrigin(headers, config);
  // Behind proxy.ts the browser's Origin arrives under ACTION_ORIGIN_HEADER; without it (tests), as Origin.
  const origin = headers.get(ACTION_ORIGIN_HEADER) ?? headers.get('origin');
  if (origin && allowedByConfig(origin, config.allowedOrigins ?? [])) return null;
  if (!expected) {
    return 'pgwarden cannot tell its own origin for this request (no Host header): set publicUrl in the config. Nothing was signalled.';
  }
  if (!origin) {
    return `This request has no Origin header, so it cannot be told apart from a forged one; nothing was signalled. Use the console at ${expected}.`;
  }
  if (origin !== expected) {
    const shown = origin.length > MAX_ECHOED_ORIGIN ? `${origin.slice(0, MAX_ECHOED_ORIGIN)}…` : origin;
    return `This request comes from ${shown}, not from pgwarden's own pages at ${expected}; nothing was signalled. If pgwarden is served at another address, set publicUrl in the config.`;
  }
  return null;
}

/** The config's allowedOrigins: hosts (or `*.domain` patterns) of a proxy that serves pgwarden under another name. */
function allowedByConfig(origin: string, allowed: string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return allowed.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern,
  );
}
