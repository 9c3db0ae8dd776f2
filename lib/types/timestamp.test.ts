// The timestamp check against real PostgreSQL: whatever it accepts, PostgreSQL reads as a timestamptz; whatever
// PostgreSQL reads (bar 24:00 and leap seconds, refused on purpose) it accepts.
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, testServers } from '@/test/servers';
import { signalTargetSchema } from './signal';
import { isPgTimestamp } from './timestamp';

const SEED = 20261201;
const two = (max: number) => fc.integer({ min: 0, max }).map((value) => String(value).padStart(2, '0'));

/** Strings in the shape the schemas' regexes let through, with every field allowed to go out of range. */
const timestampLike = fc
  .record({
    year: fc.oneof(fc.constantFrom(0, 1, 1999, 2024, 2026, 9999), fc.integer({ min: 0, max: 9999 })),
    month: two(19),
    day: two(39),
    hour: two(29),
    minute: two(69),
    second: two(69),
    fraction: fc.constantFrom('', '.5', '.123456'),
    offset: fc.oneof(
      fc.constant(''),
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), two(25), fc.option(two(69)), fc.boolean()),
    ),
  })
  .map(({ year, month, day, hour, minute, second, fraction, offset }) => {
    const zone =
      typeof offset === 'string'
        ? offset
        : `${offset[0]}${offset[1]}${offset[2] ? (offset[3] ? ':' : '') + offset[2] : ''}`;
    return {
      text: `${String(year).padStart(4, '0')}-${month}-${day} ${hour}:${minute}:${second}${fraction}${zone}`,
      refusedOnPurpose: Number(hour) >= 24 || Number(second) >= 60,
    };
  });

describe.each(testServers())('timestamps on $name', ({ superuserUrl }) => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect(superuserUrl);
  });
  afterAll(() => client.end());

  async function postgresAccepts(text: string): Promise<boolean> {
    try {
      await client.query('select $1::timestamptz', [text]);
      return true;
    } catch {
      return false;
    }
  }

  it.each([
    ['0000-01-01 00:00:00', false],
    ['2026-99-99 99:99:99+99:99', false],
    ['2026-01-01 00:00:00+99:99', false],
    ['2026-01-01 00:00:00+16:00', false],
    ['2026-01-01 00:00:00+15:59', true],
    ['2026-02-29 00:00:00', false],
    ['2024-02-29 23:59:59.999999-08', true],
    ['0001-01-01 00:00:00Z', true],
  ])('%s: accepted %s, as PostgreSQL does', async (text, accepted) => {
    expect(isPgTimestamp(text)).toBe(accepted);
    expect(signalTargetSchema.shape.backendStart.safeParse(text).success).toBe(accepted);
    expect(await postgresAccepts(text)).toBe(accepted);
  });

  it('agrees with PostgreSQL on 1,000 generated timestamps', async () => {
    await fc.assert(
      fc.asyncProperty(timestampLike, async ({ text, refusedOnPurpose }) => {
        const postgres = await postgresAccepts(text);
        const ours = isPgTimestamp(text);
        if (ours) expect(postgres, `${text}: ours accepts, PostgreSQL refuses`).toBe(true);
        if (postgres && !refusedOnPurpose) expect(ours, `${text}: PostgreSQL accepts, ours refuses`).toBe(true);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
