// The long-query history a URL asks for (last hour, day, week or a chosen range) and what the report holds.
import { z } from 'zod';
import { isPgTimestamp } from './timestamp';

export const historyRanges = ['hour', 'day', 'week', 'custom'] as const;
export type HistoryRange = (typeof historyRanges)[number];

export const presetIntervals: Record<Exclude<HistoryRange, 'custom'>, string> = {
  hour: '1 hour',
  day: '1 day',
  week: '7 days',
};

export const MAX_RANGE_DAYS = 400;

const instant = z.iso.datetime({ offset: true }).refine(isPgTimestamp).optional().catch(undefined);

/** Parsed from URL search params; an unknown range falls back to the last day. */
export const historyViewSchema = z.object({
  range: z.enum(historyRanges).catch('day'),
  from: instant,
  to: instant,
});
export type HistoryView = z.infer<typeof historyViewSchema>;

export function parseHistoryView(params: Record<string, string | string[] | undefined>): HistoryView {
  const flat = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  return historyViewSchema.parse(flat);
}

export function historyViewToParams(view: HistoryView): URLSearchParams {
  const params = new URLSearchParams({ range: view.range });
  if (view.range === 'custom') {
    if (view.from) params.set('from', view.from);
    if (view.to) params.set('to', view.to);
  }
  return params;
}

export type LongQueryEnd = 'running' | 'finished' | 'cancelled' | 'terminated';

export interface LongQueryRecord {
  id: string;
  pid: number;
  backendStart: string;
  queryStart: string;
  firstSeen: string;
  lastSeen: string;
  longestMs: number;
  user: string | null;
  database: string | null;
  application: string | null;
  client: string | null;
  query: string | null;
  queryId: string | null;
  fingerprint: string;
  /** The team the owners directory names for its user or application now (computed when read, not stored). */
  team: string | null;
  ended: LongQueryEnd;
  /** The audit entry of the cancel or terminate that ended it. */
  endedByAuditId: string | null;
  /** Every signal pgwarden sent it, whatever the outcome, oldest first. */
  auditIds: string[];
}

export interface OwnerTotal {
  user: string | null;
  application: string | null;
  queries: number;
  totalMs: number;
  worstMs: number;
}

/** Long queries of one team of the owners directory; team null: those no entry matches. */
export interface TeamTotal {
  team: string | null;
  queries: number;
  totalMs: number;
  worstMs: number;
}

export interface FingerprintTotal {
  fingerprint: string;
  queryId: string | null;
  /** The normalised text of one of its runs. */
  text: string | null;
  occurrences: number;
  totalMs: number;
  worstMs: number;
}

export interface TimelineSeries {
  label: string;
  /** The owner, or null for the series that sums every other owner. */
  owner: { user: string | null; application: string | null } | null;
  /** Long queries started in each bucket. */
  counts: number[];
}

export interface HistoryReport {
  window: { from: string; to: string };
  owners: OwnerTotal[];
  /** By team, most total time first; empty when the config has no owners. */
  teams: TeamTotal[];
  fingerprints: FingerprintTotal[];
  timeline: { bucketStarts: string[]; bucketMs: number; series: TimelineSeries[] };
  records: LongQueryRecord[];
  /** More runs matched than `records` holds. */
  truncated: boolean;
}

export function ownerLabel(user: string | null, application: string | null): string {
  return `${user ?? '(no user)'} · ${application || '(no application)'}`;
}

/** The live sessions page filtered to an owner. */
export function ownerLiveHref(clusterId: string, user: string | null, application: string | null): string {
  const params = new URLSearchParams();
  if (user) params.set('user', user);
  if (application) params.set('application', application);
  const query = params.toString();
  return `/clusters/${encodeURIComponent(clusterId)}/sessions${query ? `?${query}` : ''}`;
}

export function auditHref(auditId: string): string {
  return `/audit?id=${encodeURIComponent(auditId)}`;
}
