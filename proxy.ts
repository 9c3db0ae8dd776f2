// Runs before every request, static files included (no matcher). The work lives in lib/http so this file stays thin:
// refuse server-action bodies Next would fail on, pin the headers pgwarden's own checks read, add the security
// headers with a fresh CSP nonce (Next.js reads it back from the request's Content-Security-Policy header).
import { NextResponse, type NextRequest } from 'next/server';
import { getConfig } from '@/lib/config/load';
import { refuseBadActionBody } from '@/lib/http/action-body-check';
import { forwardedRequestHeaders } from '@/lib/http/forwarded-headers';
import { servedOverHttps } from '@/lib/http/request-origin';
import { newNonce, securityHeaders } from '@/lib/http/security-headers';

export async function proxy(request: NextRequest) {
  const config = getConfig();
  const headers = securityHeaders({
    nonce: newNonce(),
    https: servedOverHttps(request.headers, config),
    development: process.env.NODE_ENV === 'development',
  });
  const forwarded = forwardedRequestHeaders(request.method, request.headers, config);
  forwarded.set('Content-Security-Policy', headers['Content-Security-Policy']);
  const response = (await refuseBadActionBody(request)) ?? NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set('x-request-id', forwarded.get('x-request-id')!);
  return response;
}
