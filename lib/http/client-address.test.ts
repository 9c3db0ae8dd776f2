import { describe, expect, it } from 'vitest';
import { PEER_ADDRESS_HEADER } from './peer-address';
import { clientAddress } from './client-address';

describe('the client address of a request', () => {
  const headers = { [PEER_ADDRESS_HEADER]: '::ffff:10.0.0.5', 'x-forwarded-for': '198.51.100.9, 203.0.113.4' };

  it("is the socket's peer, whatever X-Forwarded-For the client sent, unless trustProxy is set", () => {
    expect(clientAddress(headers, { trustProxy: false })).toBe('10.0.0.5');
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.9' }, { trustProxy: false })).toBeNull();
  });

  it('with trustProxy, is the last X-Forwarded-For entry: the one the proxy appended', () => {
    expect(clientAddress(headers, { trustProxy: true })).toBe('203.0.113.4');
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: '10.0.0.5' }, { trustProxy: true })).toBe('10.0.0.5');
  });

  it('reads a Headers object the same way as a plain one', () => {
    expect(clientAddress(new Headers(headers), { trustProxy: false })).toBe('10.0.0.5');
    expect(clientAddress(new Headers(headers), { trustProxy: true })).toBe('203.0.113.4');
  });
});
