import { afterEach, describe, expect, it } from 'vitest';
import { expectedOrigin, servedOverHttps } from './request-origin';

const headers = (values: Record<string, string>) => new Headers(values);

describe('expectedOrigin', () => {
  const saved = process.env.NEXTAUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = saved;
  });

  it('prefers the configured public URL over anything the request says', () => {
    const config = { publicUrl: 'https://pgwarden.example.com/some/path', trustProxy: true };
    expect(expectedOrigin(headers({ host: 'evil.example', 'x-forwarded-host': 'evil.example' }), config)).toBe(
      'https://pgwarden.example.com',
    );
  });

  it('uses the Host header and ignores forwarded headers unless the proxy is trusted', () => {
    delete process.env.NEXTAUTH_URL;
    const request = headers({ host: 'console:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' });
    expect(expectedOrigin(request, { trustProxy: false })).toBe('http://console:3000');
    expect(expectedOrigin(request, { trustProxy: true })).toBe('https://evil.example');
    expect(servedOverHttps(request, { trustProxy: false })).toBe(false);
    expect(servedOverHttps(request, { trustProxy: true })).toBe(true);
  });

  it('falls back to NEXTAUTH_URL, and answers null without any host', () => {
    process.env.NEXTAUTH_URL = 'https://from-env.example:8443/';
    expect(expectedOrigin(headers({ host: 'other' }), { trustProxy: false })).toBe('https://from-env.example:8443');
    delete process.env.NEXTAUTH_URL;
    expect(expectedOrigin(headers({}), { trustProxy: false })).toBeNull();
  });
});
