import { describe, expect, it } from 'vitest';
import { parseDbTimestamp } from './db-time';
import { DbTimestampCache } from './db-time-cache';

describe('DbTimestampCache', () => {
  it('reads as parseDbTimestamp does', () => {
    const cache = new DbTimestampCache();
    for (const text of ['2026-12-01 08:39:54.123456+00', '2026-12-01 03:09:54-05:30', 'infinity', null]) {
      expect(cache.read(text)).toBe(parseDbTimestamp(text));
      expect(cache.read(text)).toBe(parseDbTimestamp(text));
    }
  });

  it('forgets a text not read in the last sample, so it holds one sample of timestamps', () => {
    const cache = new DbTimestampCache();
    for (let sample = 0; sample < 100; sample++) {
      cache.read('2026-12-01 08:00:00+00');
      cache.read(`2026-12-01 09:00:${String(sample % 60).padStart(2, '0')}.${sample}+00`);
      cache.nextSample();
    }
    expect(cache.size).toBe(2);
  });
});
