import { afterEach, describe, expect, it } from 'vitest';
import { originProblem } from './signal-origin';

const headers = (values: Record<string, string>) => new Headers(values);
const noProxy = { trustProxy: false } as const;

describe('originProblem', () => {
  const saved = process.env.NEXTAUTH_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = saved;
  });

  it('with a public URL: only that origin passes, whatever Host or X-Forwarded-Host say', () => {
    const config = { publicUrl: 'https://pgwarden.example.com/', trustProxy: true };
    expect(originProblem(headers({ origin: 'https://pgwarden.example.com', host: 'x' }), config)).toBeNull();
    expect(originProblem(headers({ host: 'pgwarden.example.com' }), config)).toMatch(/no Origin header/);
    expect(
      originProblem(
        headers({ origin: 'https://evil.example', host: 'evil.example', 'x-forwarded-host': 'evil.example' }),
        config,
      ),
    ).toMatch(/comes from https:\/\/evil\.example/);
    expect(originProblem(headers({ origin: 'http://pgwarden.example.com' }), config)).not.toBeNull();
  });

  it('without one: the request’s own Host, and X-Forwarded-Host only when the proxy is trusted', () => {
    delete process.env.NEXTAUTH_URL;
    const own = headers({ origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' });
    expect(originProblem(own, noProxy)).toBeNull();
    const forged = headers({
      origin: 'http://evil.example',
      host: '127.0.0.1:3000',
      'x-forwarded-host': 'evil.example',
    });
    expect(originProblem(forged, noProxy)).toMatch(/comes from http:\/\/evil\.example/);
    const proxied = headers({
      origin: 'https://pgwarden.internal',
      host: '10.0.0.5:3000',
      'x-forwarded-host': 'pgwarden.internal',
      'x-forwarded-proto': 'https',
    });
    expect(originProblem(proxied, { trustProxy: true })).toBeNull();
    expect(originProblem(headers({ origin: 'http://127.0.0.1:3000' }), noProxy)).toMatch(/publicUrl/);
  });

  it('echoes at most 100 characters of a foreign Origin', () => {
    const long = `https://${'a'.repeat(5000)}.example`;
    const message = originProblem(headers({ origin: long, host: 'h' }), {
      publicUrl: 'https://p.example',
      trustProxy: false,
    });
    expect(message!.length).toBeLessThan(400);
  });
});

describe('originProblem behind proxy.ts', () => {
  it("reads the action's Origin from the header proxy.ts sets, and accepts allowedOrigins hosts", () => {
    const config = { publicUrl: 'https://pgwarden.example.com', trustProxy: false, allowedOrigins: ['*.corp.example'] };
    const via = (origin: string) => new Headers({ 'x-pgwarden-origin': origin, host: 'internal:3000' });
    expect(originProblem(via('https://pgwarden.example.com'), config)).toBeNull();
    expect(originProblem(via('https://ops.corp.example'), config)).toBeNull();
    expect(originProblem(via('https://corp.example.evil'), config)).toMatch(/comes from/);
  });
});
