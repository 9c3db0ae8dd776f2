import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, securityHeaders } from './security-headers';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce (and what they load), and nothing from other origins', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123==', https: false }));
    expect(Object.fromEntries(policy)).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'nonce-abc123==' 'strict-dynamic'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
  });

  it('never allows unsafe-inline or unsafe-eval scripts in production', () => {
    const scripts = directives(contentSecurityPolicy({ nonce: 'n', https: true })).get('script-src');
    expect(scripts).not.toMatch(/unsafe/);
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: true, development: true })).get('script-src')).toBe(
      "'self' 'nonce-n' 'strict-dynamic' 'unsafe-eval'",
    );
  });

  it('upgrades insecure subresources only over https', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: true })).has('upgrade-insecure-requests')).toBe(true);
    expect(directives(contentSecurityPolicy({ nonce: 'n', https: false })).has('upgrade-insecure-requests')).toBe(
      false,
    );
  });
});

describe('securityHeaders', () => {
  it('forbids framing and sniffing, and keeps the Referer on pgwarden', () => {
    const headers = securityHeaders({ nonce: 'n', https: false });
    expect(headers).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });

  it('sends HSTS over https only', () => {
    expect(securityHeaders({ nonce: 'n', https: true })['Strict-Transport-Security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(securityHeaders({ nonce: 'n', https: false })).not.toHaveProperty('Strict-Transport-Security');
  });
});

describe('newNonce', () => {
  it('is 16 random bytes in base64, different every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    }
  });
});
