// Runs before every request, static files included (no matcher): the security headers, with a fresh CSP nonce that
// Next.js reads back from the request's own Content-Security-Policy header and puts on its scripts.
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config/load';
import { servedOverHttps } from '@/lib/http/request-origin';
import { newNonce, securityHeaders } from '@/lib/http/security-headers';

export function proxy(request: NextRequest) {
  const headers = securityHeaders({
    nonce: newNonce(),
    https: servedOverHttps(request.headers, getConfig()),
    development: process.env.NODE_ENV === 'development',
  });
  const forwarded = new Headers(request.headers);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
