// Exact reading of PostgreSQL's timestamptz text (ISO DateStyle) as epoch milliseconds, microseconds kept as a fraction.

const PATTERN =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/**
 * `2026-12-01 08:39:54.123456+00` -> 1796114394123.456. Null for null or text in another shape (BC dates,
 * infinity), so a duration is left blank rather than wrong. Date.parse is not used: it drops the microseconds.
 */
export function parseDbTimestamp(text: string | null): number | null {
  if (text === null) return null;
  const match = PATTERN.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offH, offM = '0', offS = '0'] = match;
  const wholeMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const micros = Number(fraction.padEnd(6, '0'));
  const offsetMs = (Number(offH) * 3600 + Number(offM) * 60 + Number(offS)) * 1000 * (sign === '-' ? -1 : 1);
  return wholeMs - offsetMs + micros / 1000;
}
