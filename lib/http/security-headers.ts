// The security headers every response carries: a per-request nonce CSP, no framing, no sniffing, HSTS over https.

export interface SecurityHeaderOptions {
  /** A fresh nonce for this request (newNonce()); Next.js puts it on its own scripts. */
  nonce: string;
  /** The request reached pgwarden over https (servedOverHttps): HSTS, and upgrade any http subresource. */
  https: boolean;
  /** `next dev` needs eval for React's error overlay; production never does. */
  development?: boolean;
}

/** 16 random bytes, base64: unguessable, and in the character set CSP allows in a nonce-source. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy({ nonce, https, development = false }: SecurityHeaderOptions): string {
  const directives = [
    "default-src 'self'",
    // 'strict-dynamic': the chunks Next's nonce'd scripts load are trusted, nothing else (no host allow-list).
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Style attributes (server-rendered style={...}, Next's own error pages) cannot carry a nonce, and Radix's dialog
    // injects a <style> without one: with a nonce-only style-src the sessions page reports dozens of violations.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  // Over plain http this would send the browser to an https port that does not exist.
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

/** Header name to value; the CSP is always there, since the proxy also hands it to Next.js for the nonce. */
export type SecurityHeaders = Record<string, string> & { 'Content-Security-Policy': string };

/** The headers for every response (pages, API routes, static files). */
export function securityHeaders(options: SecurityHeaderOptions): SecurityHeaders {
  const headers: SecurityHeaders = {
    'Content-Security-Policy': contentSecurityPolicy(options),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // URLs carry filters and query text: other sites get no Referer at all; pgwarden's own requests keep theirs.
    'Referrer-Policy': 'same-origin',
  };
  if (options.https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
