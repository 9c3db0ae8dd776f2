// Exact reading of PostgreSQL's timestamptz text (ISO DateStyle) as epoch milliseconds, microseconds kept as a fraction.

const DASH = 45;
const PLUS = 43;
const COLON = 58;
const SPACE = 32;
const DOT = 46;

/** The number `count` ASCII digits spell from `at`, or -1 when one of them is not a digit (or is missing). */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48; // NaN past the end
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `2026-12-01 08:39:54.123456+00` -> 1796114394123.456: `YYYY-MM-DD HH:MM:SS[.f{1,6}]±HH[[:]MM[[:]SS]]`. Null for
 * null or text in another shape (BC dates, infinity), so a duration is left blank rather than wrong. Date.parse is
 * not used: it drops the microseconds. Read character by character, not by a regular expression: the page reads
 * four timestamps of each of 5,000 sessions in one frame, and this is about three times faster.
 */
export function parseDbTimestamp(text: string | null): number | null {
  if (text === null || text.length < 22) return null;
  if (
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    text.charCodeAt(10) !== SPACE ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  )
    return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return null;
  let at = 19;
  let micros = 0;
  if (text.charCodeAt(at) === DOT) {
    const first = ++at;
    for (let scale = 100_000; at - first < 6; at++, scale /= 10) {
      const digit = text.charCodeAt(at) - 48;
      if (!(digit >= 0 && digit <= 9)) break;
      micros += digit * scale;
    }
    if (at === first) return null;
  }
  const sign = text.charCodeAt(at);
  if (sign !== PLUS && sign !== DASH) return null;
  const offsetHours = digitsAt(text, at + 1, 2);
  if (offsetHours < 0) return null;
  let offsetSeconds = offsetHours * 3600;
  at += 3;
  // Minutes, then seconds, of the offset: two digits each, a colon before them or not.
  for (let unit = 60; unit >= 1 && at < text.length; unit /= 60) {
    if (text.charCodeAt(at) === COLON) at++;
    const value = digitsAt(text, at, 2);
    if (value < 0) return null;
    offsetSeconds += value * unit;
    at += 2;
  }
  if (at !== text.length) return null;
  const wholeMs = Date.UTC(year, month - 1, day, hour, minute, second);
  return wholeMs - offsetSeconds * 1000 * (sign === DASH ? -1 : 1) + micros / 1000;
}
