// The audit log as the audit page, its API routes and tests see it: one row type and the filters a URL carries.
import { z } from 'zod';
import type { RoleName } from '@/lib/config/schema';
import { clusterIdSchema } from './cluster-id';
import { signalActions, signalOutcomes } from './signal';
import { isPgTimestamp } from './timestamp';

/** Audited actions that are not signals: alerts acknowledged, owners asked, tokens managed, calls made with a token. */
export const auditEventActions = [
  'acknowledge_alert',
  'ask_owner',
  'token_create',
  'token_revoke',
  'api_call',
  'dry_run',
] as const;
export type AuditEventAction = (typeof auditEventActions)[number];
export const auditActions = [...signalActions, ...auditEventActions] as const;
export type AuditAction = (typeof auditActions)[number];

/** How an audited action that is not a signal ended. */
export const auditEventOutcomes = ['done', 'refused', 'failed'] as const;
export type AuditEventOutcome = (typeof auditEventOutcomes)[number];

/** Every outcome a target can end with, "pending" while a signal is on its way, "done" for other actions. */
export const auditOutcomes = ['pending', ...signalOutcomes, 'done'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** What an action that is not a signal records besides its actor and cluster: short, flat facts. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

/** A target as a refused request named it (unreadable values are null). */
export interface AuditTargetSample {
  pid: number | null;
  backendStart: string | null;
}

/**
 * One signal target as written by lib/audit/audit-log.ts, or one whole refused request (targetCount and
 * targetSample set; the caller, cluster and action may be unknown). Timestamps are ISO 8601 in UTC with microseconds.
 */
export interface AuditEntry {
  id: string;
  at: string;
  batchId: string;
  /** Null: the caller was not signed in. */
  actorEmail: string | null;
  actorName: string | null;
  actorRole: RoleName | null;
  actorProvider: string | null;
  /** The caller's address behind a trusted proxy (refused requests only). */
  clientAddress: string | null;
  /** Null: the request named no configured cluster. */
  clusterId: string | null;
  action: AuditAction | null;
  timeoutMs: number | null;
  /** Null on a refused request of several targets (see targetCount and targetSample). */
  targetPid: number | null;
  /** Refused requests only: how many targets the request named, and the first of them. */
  targetCount: number | null;
  targetSample: AuditTargetSample[] | null;
  targetBackendStart: string | null;
  targetUser: string | null;
  targetDatabase: string | null;
  targetApplication: string | null;
  targetClient: string | null;
  targetState: string | null;
  targetBackendType: string | null;
  targetQuery: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  backendAgeMs: number | null;
  stateAgeMs: number | null;
  outcome: AuditOutcome;
  outcomeDetail: string | null;
  finishedAt: string | null;
  /** For a call made with a service token (actorEmail token:<name>): who created the token. */
  actorTokenCreator: string | null;
  /** Actions that are not signals: what was done (the alert, the token, the route and status, ...). */
  detail: AuditDetail | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Presets are counted back from the state database's now(), never from the browser's clock. */
export const auditRanges = ['1h', '24h', '7d', '30d'] as const;
export type AuditRange = (typeof auditRanges)[number];

export const AUDIT_PAGE_SIZE = 100;
export const AUDIT_MAX_PAGE_SIZE = 500;
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,6})?)?(?:Z|[+-]\d\d(?::?\d\d)?)?)?$/;

/** A date or date-time PostgreSQL reads the same way; without an offset it means UTC (the page shows UTC). */
export function isAuditTimestamp(value: string): boolean {
  return TIMESTAMP.test(value) && isPgTimestamp(value);
}

const timestamp = z
  .string()
  .max(40)
  .refine(isAuditTimestamp, 'is not a date like 2026-05-01 or 2026-05-01T09:30Z (write "+" in an offset as %2B)');
const text = z.string().trim().min(1).max(200).optional();
export const auditIdSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'is not an audit entry id');

const filterFields = {
  range: z.enum(auditRanges).optional(),
  from: timestamp.optional(),
  to: timestamp.optional(),
  /** Part of the actor's email, any case. */
  actor: text,
  cluster: clusterIdSchema.optional(),
  /** The PostgreSQL role of the signalled session, exactly. */
  user: text,
  application: text,
  outcome: z.enum(auditOutcomes).optional(),
  action: z.enum(auditActions).optional(),
  /** One entry, as linked from elsewhere (`/audit?id=42#audit-42`). */
  id: auditIdSchema.optional(),
};

function checkRange(value: { range?: string; from?: string; to?: string }, context: z.RefinementCtx) {
  if (value.range && (value.from || value.to)) {
    context.addIssue({
      code: 'custom',
      path: ['range'],
      message: 'cannot be combined with from/to; use one or the other',
    });
  }
  if (value.from && value.to && new Date(withUtcOffset(value.from)) >= new Date(withUtcOffset(value.to))) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
  }
}

/** An audit timestamp with its offset spelt out: none given means UTC, whatever the database session's zone. */
export function withUtcOffset(value: string): string {
  const iso = value.replace(' ', 'T');
  if (iso.length === 10) return `${iso}T00:00:00Z`;
  return /T.*(Z|[+-]\d\d(:?\d\d)?)$/.test(iso) ? iso : `${iso}Z`;
}

/** The filters of the audit page; every one is optional and they combine with AND. */
export const auditFilterSchema = z.object(filterFields).superRefine(checkRange);
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export const auditFilterKeys = Object.keys(filterFields) as (keyof AuditFilter)[];

/** What GET /api/audit accepts: the filters plus the keyset cursor and page size. */
export const auditListInputSchema = z
  .object({
    ...filterFields,
    before: auditIdSchema.optional(),
    limit: z.coerce.number().int().min(1).max(AUDIT_MAX_PAGE_SIZE).default(AUDIT_PAGE_SIZE),
  })
  .superRefine(checkRange);
export type AuditListInput = z.infer<typeof auditListInputSchema>;

/** URL search params as one string per key; empty values mean "no filter". */
export function flattenSearchParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined && first.trim() !== '') flat[key] = first;
  }
  return flat;
}

/** The filters exactly as the URL spells them, before validation (the server's answer explains a bad one). */
export type AuditFilterParams = Partial<Record<keyof AuditFilter, string>>;

export function pickAuditFilterParams(flat: Record<string, string>): AuditFilterParams {
  const picked: AuditFilterParams = {};
  for (const key of auditFilterKeys) if (flat[key] !== undefined) picked[key] = flat[key];
  return picked;
}

/** The filters as they go in a URL: only those set, in a stable order, so links and query keys stay short. */
export function auditFilterToParams(filter: AuditFilterParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of auditFilterKeys) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  return params;
}

/** `2026-05-01T09:30:12.345678Z` -> `2026-05-01 09:30:12`. */
export function formatUtc(iso: string | null): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : '';
}

/** `pid@backend_start` for each sampled target of a refused request, `?` where the request sent something unreadable. */
export function describeSample(entry: Pick<AuditEntry, 'targetSample'>): string | null {
  return entry.targetSample?.map((target) => `${target.pid ?? '?'}@${target.backendStart ?? '?'}`).join(' ') ?? null;
}
