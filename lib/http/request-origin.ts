// Which origin pgwarden is served from, decided once for origin checks, HSTS and Secure cookies.
import type { PgwardenConfig } from '@/lib/config/schema';

/** A server action's Origin as the browser sent it; proxy.ts sets it (and drops Origin itself) on every action call. */
export const ACTION_ORIGIN_HEADER = 'x-pgwarden-origin';

/** The headers pgwarden reads; a Headers object or Next's ReadonlyHeaders both fit. */
export interface HeaderSource {
  get(name: string): string | null;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** The configured public origin (publicUrl, else NEXTAUTH_URL), or null when none is set. */
export function configuredOrigin(config: Pick<PgwardenConfig, 'publicUrl'>): string | null {
  return originOf(config.publicUrl) ?? originOf(process.env.NEXTAUTH_URL);
}

/**
 * The origin a browser on pgwarden's pages sends: the configured public origin, else the request's own Host (and
 * X-Forwarded-Proto / X-Forwarded-Host only with `trustProxy`, since anyone can send them).
 */
export function expectedOrigin(
  headers: HeaderSource,
  config: Pick<PgwardenConfig, 'publicUrl' | 'trustProxy'>,
): string | null {
  const configured = configuredOrigin(config);
  if (configured) return configured;
  const forwardedHost = config.trustProxy ? headers.get('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = forwardedHost || headers.get('host');
  if (!host) return null;
  const forwardedProto = config.trustProxy ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const proto = forwardedProto === 'https' ? 'https' : 'http';
  return originOf(`${proto}://${host}`);
}

/** True when people reach pgwarden over https: then cookies get Secure and responses get HSTS. */
export function servedOverHttps(
  headers: HeaderSource,
  config: Pick<PgwardenConfig, 'publicUrl' | 'trustProxy'>,
): boolean {
  return expectedOrigin(headers, config)?.startsWith('https:') ?? false;
}
