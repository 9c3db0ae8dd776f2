// Dates and times as PostgreSQL's timestamptz input reads them, checked field by field in zod, so that a value
// PostgreSQL would reject is a 400 naming the field, never a database error. Stricter than PostgreSQL in two places:
// 24:00:00 and leap second 60 are refused.

const PARTS = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?(?:Z|([+-])(\d\d)(?::?(\d\d))?)?)?$/;

/** PostgreSQL refuses a zone offset of 16 hours or more ("time zone displacement out of range"). */
export const MAX_OFFSET_HOURS = 15;

export const TIMESTAMP_HINT = 'is not a date and time PostgreSQL accepts (like 2026-05-01 09:30:00+00)';

/** Whether `value` (already matching a caller's own format) names a real instant PostgreSQL reads as written. */
export function isPgTimestamp(value: string): boolean {
  const match = PARTS.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const offsetHours = Number(match[8] ?? 0);
  const offsetMinutes = Number(match[9] ?? 0);
  if (year! < 1 || month! < 1 || month! > 12 || day! < 1) return false;
  const date = new Date(0);
  date.setUTCFullYear(year!, month! - 1, day!);
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60 &&
    offsetHours <= MAX_OFFSET_HOURS &&
    offsetMinutes < 60
  );
}
