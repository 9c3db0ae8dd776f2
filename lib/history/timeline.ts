// Long queries over time per owner: the busiest owners get a series each, the rest share one (pure).
import { ownerLabel, type HistoryReport, type TimelineSeries } from '@/lib/types/history';

export const TIMELINE_OWNERS = 5;

export interface TimelineCount {
  /** 1-based bucket number, as width_bucket() gives it. */
  bucket: number;
  user: string | null;
  application: string | null;
  queries: number;
}

export function bucketsFor(spanMs: number): number {
  const hour = 3_600_000;
  if (spanMs <= hour) return 12; // 5 minutes
  if (spanMs <= 24 * hour) return 24; // 1 hour
  if (spanMs <= 7 * 24 * hour) return 28; // 6 hours
  return 30;
}

export function buildTimeline(
  counts: TimelineCount[],
  from: Date,
  to: Date,
  buckets: number,
): HistoryReport['timeline'] {
  const bucketMs = (to.getTime() - from.getTime()) / buckets;
  const bucketStarts = Array.from({ length: buckets }, (_, index) =>
    new Date(from.getTime() + index * bucketMs).toISOString(),
  );
  const ownerKey = (count: TimelineCount) => JSON.stringify([count.user, count.application]);
  const totals = new Map<string, { user: string | null; application: string | null; queries: number }>();
  for (const count of counts) {
    const key = ownerKey(count);
    const total = totals.get(key) ?? { user: count.user, application: count.application, queries: 0 };
    total.queries += count.queries;
    totals.set(key, total);
  }
  const top = [...totals.entries()]
    .sort(([keyA, a], [keyB, b]) => b.queries - a.queries || keyA.localeCompare(keyB))
    .slice(0, TIMELINE_OWNERS);
  const series: TimelineSeries[] = top.map(([, owner]) => ({
    label: ownerLabel(owner.user, owner.application),
    owner: { user: owner.user, application: owner.application },
    counts: Array<number>(buckets).fill(0),
  }));
  const other: TimelineSeries = { label: 'everyone else', owner: null, counts: Array<number>(buckets).fill(0) };
  const seriesOf = new Map(top.map(([key], index) => [key, series[index]!]));
  for (const count of counts) {
    const index = Math.min(buckets, Math.max(1, count.bucket)) - 1;
    const target = seriesOf.get(ownerKey(count)) ?? other;
    target.counts[index]! += count.queries;
  }
  if (other.counts.some((value) => value > 0)) series.push(other);
  return { bucketStarts, bucketMs, series };
}
