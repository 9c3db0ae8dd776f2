// Whether next-auth's cookies are Secure (and named __Secure-/__Host-), decided per request the same way for the
// sign-in route that writes them and for getServerSession that reads them, so the names always agree.
import 'server-only';
import type { AuthOptions } from 'next-auth';
import { getConfig } from '@/lib/config/load';
import { servedOverHttps, type HeaderSource } from '@/lib/http/request-origin';

/**
 * The options with `useSecureCookies` set from pgwarden's own rule (publicUrl / NEXTAUTH_URL, or X-Forwarded-Proto
 * only with trustProxy), instead of next-auth's guess, which believes X-Forwarded-Proto from anyone.
 */
export function withCookieSecurity(options: AuthOptions, headers: HeaderSource): AuthOptions {
  return { ...options, useSecureCookies: servedOverHttps(headers, getConfig()) };
}
