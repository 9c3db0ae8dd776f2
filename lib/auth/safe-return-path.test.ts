import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_PATH, safeReturnPath, signInPathFor } from './safe-return-path';

const OWN = 'https://pgwarden.example.com';

/** Values that must never leave pgwarden; each is what an attacker would put in ?callbackUrl=. */
const HOSTILE_RETURN_VALUES = [
  '//evil.example',
  '//evil.example/clusters/main/sessions',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r/evil.example',
  '/\r\n/evil.example',
  '\t//evil.example',
  ' //evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/\\/evil.example',
  '/%09/evil.example'.replace('%09', '\t'),
  'https://evil.example/',
  'http://evil.example',
  'HTTPS://EVIL.EXAMPLE',
  'https://pgwarden.example.com.evil.example/',
  'https://pgwarden.example.com@evil.example/',
  'http://pgwarden.example.com/',
  'https://pgwarden.example.com:8443/',
  'javascript:alert(document.domain)',
  'JavaScript:alert(1)',
  '\tjavascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '///evil.example',
  '////evil.example',
  'https://pgwarden.example.com//evil.example',
  '\u0001//evil.example',
];

describe('safeReturnPath', () => {
  it.each(HOSTILE_RETURN_VALUES)('sends %j to the default page', (value) => {
    expect(safeReturnPath(value, OWN)).toBe(DEFAULT_RETURN_PATH);
  });

  it.each([
    [
      '/clusters/main/sessions?state=active&sort=query_age#row-12',
      '/clusters/main/sessions?state=active&sort=query_age#row-12',
    ],
    ['/audit', '/audit'],
    ['/', '/'],
    ['https://pgwarden.example.com/clusters/main/blocking?x=1', '/clusters/main/blocking?x=1'],
    ['/clusters/main/../main/owners', '/clusters/main/owners'],
    ['/clusters/%2F%2Fevil.example/sessions', '/clusters/%2F%2Fevil.example/sessions'],
    ['clusters/main/sessions', '/clusters/main/sessions'],
    // Both stay on pgwarden (a 404 at worst): same scheme without slashes is relative; NUL is percent-encoded.
    ['https:evil.example', '/evil.example'],
    ['/\u0000/evil.example', '/%00/evil.example'],
    ['/signin?callbackUrl=%2F%2Fevil.example', '/signin?callbackUrl=%2F%2Fevil.example'],
  ])('keeps %j on pgwarden as %j', (value, expected) => {
    expect(safeReturnPath(value, OWN)).toBe(expected);
  });

  it('sends missing, empty, repeated and non-string values to the default page', () => {
    expect(safeReturnPath(undefined, OWN)).toBe('/');
    expect(safeReturnPath('', OWN)).toBe('/');
    expect(safeReturnPath(['//evil.example', '/audit'], OWN)).toBe('/');
    expect(safeReturnPath(['/audit', '//evil.example'], OWN)).toBe('/audit');
    expect(safeReturnPath(42, OWN)).toBe('/');
  });

  it('without an own origin keeps only relative paths', () => {
    expect(safeReturnPath('/clusters/main/sessions?q=1')).toBe('/clusters/main/sessions?q=1');
    expect(safeReturnPath('https://pgwarden.example.com/audit')).toBe('/');
    expect(safeReturnPath('javascript:alert(1)', 'javascript:alert(1)')).toBe('/');
  });

  it('never returns anything a browser would resolve to another origin, whatever the input', () => {
    const pieces = fc.constantFrom(
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      ' ',
      '%2F',
      '%5C',
      ':',
      '@',
      '.',
      'evil.example',
      'https:',
      'javascript:',
      '?',
      '#',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')),
        (value) => {
          const result = safeReturnPath(value, OWN);
          expect(result.startsWith('/')).toBe(true);
          expect(new URL(result, OWN).origin).toBe(OWN);
          expect(new URL(result, 'https://other.example').origin).toBe('https://other.example');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('signInPathFor', () => {
  it('carries a pgwarden path, and only that, to the sign-in page', () => {
    expect(signInPathFor('/clusters/main/sessions?state=active')).toBe(
      '/signin?callbackUrl=%2Fclusters%2Fmain%2Fsessions%3Fstate%3Dactive',
    );
    expect(signInPathFor('/\t/evil.example')).toBe('/signin?callbackUrl=%2F');
  });
});
