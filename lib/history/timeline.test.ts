import { describe, expect, it } from 'vitest';
import { buildTimeline, bucketsFor } from './timeline';

describe('buildTimeline', () => {
  const from = new Date('2025-03-01T00:00:00Z');
  const to = new Date('2025-03-01T04:00:00Z');

  it('gives the busiest owners a series each and sums the rest', () => {
    const counts = [
      ...['a', 'b', 'c', 'd', 'e'].map((user, index) => ({ bucket: 1, user, application: 'app', queries: 10 - index })),
      { bucket: 2, user: 'f', application: null, queries: 1 },
      { bucket: 4, user: 'g', application: 'x', queries: 2 },
      { bucket: 4, user: 'a', application: 'app', queries: 3 },
    ];
    const timeline = buildTimeline(counts, from, to, 4);
    expect(timeline.bucketMs).toBe(3_600_000);
    expect(timeline.bucketStarts).toEqual([
      '2025-03-01T00:00:00.000Z',
      '2025-03-01T01:00:00.000Z',
      '2025-03-01T02:00:00.000Z',
      '2025-03-01T03:00:00.000Z',
    ]);
    expect(timeline.series.map((series) => [series.label, series.counts])).toEqual([
      ['a · app', [10, 0, 0, 3]],
      ['b · app', [9, 0, 0, 0]],
      ['c · app', [8, 0, 0, 0]],
      ['d · app', [7, 0, 0, 0]],
      ['e · app', [6, 0, 0, 0]],
      ['everyone else', [0, 1, 0, 2]],
    ]);
  });

  it('has no "everyone else" series when every owner has its own', () => {
    const timeline = buildTimeline([{ bucket: 9, user: null, application: null, queries: 1 }], from, to, 4);
    expect(timeline.series).toEqual([
      { label: '(no user) · (no application)', owner: { user: null, application: null }, counts: [0, 0, 0, 1] },
    ]);
  });

  it('picks finer buckets for shorter windows', () => {
    expect(bucketsFor(3_600_000)).toBe(12);
    expect(bucketsFor(86_400_000)).toBe(24);
    expect(bucketsFor(7 * 86_400_000)).toBe(28);
  });
});
