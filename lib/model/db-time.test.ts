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
