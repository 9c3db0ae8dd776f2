import { describe, expect, it } from 'vitest';
import { forwardedRequestHeaders } from './forwarded-headers';
import { ACTION_ORIGIN_HEADER } from './request-origin';

const incoming = (values: Record<string, string>) => new Headers(values);

describe('forwardedRequestHeaders', () => {
  it("moves a server action's Origin under pgwarden's own header and drops a client-sent copy of it", () => {
    const action = forwardedRequestHeaders(
      'POST',
      incoming({ host: 'h:3000', origin: 'https://evil.example', 'next-action': 'abc', [ACTION_ORIGIN_HEADER]: 'x' }),
      { trustProxy: false },
    );
    expect(action.get('origin')).toBeNull();
    expect(action.get(ACTION_ORIGIN_HEADER)).toBe('https://evil.example');
    const noOrigin = forwardedRequestHeaders(
      'POST',
      incoming({ host: 'h', 'next-action': 'abc', [ACTION_ORIGIN_HEADER]: 'http://h' }),
      { trustProxy: false },
    );
    expect(noOrigin.get(ACTION_ORIGIN_HEADER)).toBeNull();
    const page = forwardedRequestHeaders('GET', incoming({ host: 'h', origin: 'http://h' }), { trustProxy: false });
    expect(page.get('origin')).toBe('http://h');
  });

  it('pins X-Forwarded-Host/-Proto to the request unless the proxy is trusted', () => {
    const forged = { host: 'console:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    const pinned = forwardedRequestHeaders('GET', incoming(forged), { trustProxy: false });
    expect(pinned.get('x-forwarded-host')).toBe('console:3000');
    expect(pinned.get('x-forwarded-proto')).toBe('http');
    const trusted = forwardedRequestHeaders('GET', incoming(forged), { trustProxy: true });
    expect(trusted.get('x-forwarded-host')).toBe('evil.example');
  });

  it('keeps a well-formed request id and replaces a hostile one', () => {
    expect(
      forwardedRequestHeaders('GET', incoming({ 'x-request-id': 'abc-123' }), { trustProxy: false }).get(
        'x-request-id',
      ),
    ).toBe('abc-123');
    const replaced = forwardedRequestHeaders('GET', incoming({ 'x-request-id': 'a b <script>' }), {
      trustProxy: false,
    });
    expect(replaced.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
