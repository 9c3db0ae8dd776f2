import { describe, expect, it } from 'vitest';
import { parseSessionDetailParam, sessionDetailParam, sessionsPath } from './session-path';

describe('session paths for links sent outside pgwarden', () => {
  it('round-trips the session whose detail opens', () => {
    const session = { pid: 4242, backendStart: '2026-12-01 10:00:00.123456+00' };
    const path = sessionsPath('prod-eu', { state: 'active' }, session);
    const url = new URL(path, 'https://pgwarden.example');
    expect(url.pathname).toBe('/clusters/prod-eu/sessions');
    expect(url.searchParams.get('state')).toBe('active');
    expect(parseSessionDetailParam(url.searchParams.get('detail'))).toEqual(session);
    expect(sessionDetailParam({ pid: 7, backendStart: null })).toBe('7');
  });

  it('reads nothing from a garbled detail', () => {
    for (const bad of ['', 'abc', '0@x', '99999999999', '12@', `12@${'x'.repeat(41)}`, '-1']) {
      expect(parseSessionDetailParam(bad)).toBeNull();
    }
  });
});
