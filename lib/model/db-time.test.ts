import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testServers, withClient } from '@/test/servers';
import { parseDbTimestamp } from './db-time';

describe('parseDbTimestamp', () => {
  it('reads the microseconds Date.parse drops', () => {
    expect(parseDbTimestamp('2026-12-01 08:39:54.123456+00')).toBe(Date.UTC(2026, 11, 1, 8, 39, 54, 123) + 0.456);
    expect(parseDbTimestamp('2026-12-01 08:39:54.5+00')).toBe(Date.UTC(2026, 11, 1, 8, 39, 54, 500));
    expect(parseDbTimestamp('2026-12-01 08:39:54+00')).toBe(Date.UTC(2026, 11, 1, 8, 39, 54));
  });

  it('applies offsets other than UTC, with minutes and seconds', () => {
    expect(parseDbTimestamp('2026-12-01 10:39:54+02')).toBe(Date.UTC(2026, 11, 1, 8, 39, 54));
    expect(parseDbTimestamp('2026-12-01 03:09:54-05:30')).toBe(Date.UTC(2026, 11, 1, 8, 39, 54));
    expect(parseDbTimestamp('1900-01-01 00:00:00+00:09:21')).toBe(Date.UTC(1899, 11, 31, 23, 50, 39));
  });

  it('gives null for null and for text it cannot read exactly', () => {
    expect(parseDbTimestamp(null)).toBeNull();
    expect(parseDbTimestamp('infinity')).toBeNull();
    expect(parseDbTimestamp('0044-03-15 12:00:00+00 BC')).toBeNull();
    expect(parseDbTimestamp('2026-12-01T08:39:54Z')).toBeNull();
  });
});

// The reading as a regular expression, as it was written first: the parser must agree with it on any text.
const SHAPE =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?$/;
function byRegularExpression(text: string): number | null {
  const match = SHAPE.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offH, offM = '0', offS = '0'] = match;
  const wholeMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const offsetMs = (Number(offH) * 3600 + Number(offM) * 60 + Number(offS)) * 1000 * (sign === '-' ? -1 : 1);
  return wholeMs - offsetMs + Number(fraction.padEnd(6, '0')) / 1000;
}

describe('parseDbTimestamp against the regular expression', () => {
  // Texts near the shape: each character of a real timestamp kept, dropped, doubled or replaced by a likely one.
  const near = fc
    .tuple(
      fc.constantFrom('2026-12-01 08:39:54.123456+00', '1999-02-28 23:59:59-05:30', '2026-06-30 00:00:00+05:30:15'),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '0', '9', ':', '-', '+', '.', ' ', 'T', 'x', '12', '٣')), {
        maxLength: 3,
      }),
    )
    .map(([text, edits]) =>
      edits.reduce<string>((edited, [at, by]) => {
        const i = at % (edited.length + 1);
        return edited.slice(0, i) + by + edited.slice(i + (by === '' || at % 2 === 0 ? 1 : 0));
      }, text),
    );

  // Texts in the shape or just off it: seven fraction digits, a third offset part.
  const shaped = fc.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{0,7})?[+-]\d{2}(:?\d{2}){0,3}$/);

  it('reads every text as the regular expression does, within a microsecond', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, near, fc.string()), (text) => {
        const expected = byRegularExpression(text);
        const read = parseDbTimestamp(text);
        if (expected === null) expect(read).toBeNull();
        else expect(Math.abs(read! - expected)).toBeLessThan(0.001);
      }),
      { seed: 20261201, numRuns: 20_000 },
    );
  });
});

describe.each(testServers())('durations from the text on $name', ({ superuserUrl }) => {
  it('equal the database own now() - timestamp to the microsecond', async () => {
    const rows = await withClient(superuserUrl, async (client) => {
      await client.query("set TimeZone = 'UTC'");
      const { rows } = await client.query<{ now: string; start: string; ms: number }>(
        `select now()::text as now, backend_start::text as start,
                extract(epoch from now() - backend_start)::float8 * 1000 as ms
           from pg_stat_activity where backend_start is not null`,
      );
      return rows;
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(parseDbTimestamp(row.now)! - parseDbTimestamp(row.start)!).toBeCloseTo(row.ms, 3);
    }
  });
});
