// Cancel and terminate: what the dialog sends and what comes back for each target.
import { z } from 'zod';
import { clusterIdSchema } from './cluster-id';
import { isPgTimestamp, TIMESTAMP_HINT } from './timestamp';

export const signalActions = ['cancel', 'terminate'] as const;
export type SignalAction = (typeof signalActions)[number];

export const signalOutcomes = [
  'terminated',
  'cancelled',
  'signal_sent',
  'still_running',
  'already_gone',
  'not_permitted',
  'refused',
  'failed',
] as const;
export type SignalOutcome = (typeof signalOutcomes)[number];

export interface TargetResult {
  pid: number;
  backendStart: string;
  outcome: SignalOutcome;
  message: string;
  auditId: string | null;
}

export const TYPED_CONFIRMATION_THRESHOLD = 10;
/** Targets per request: the bench terminates 1,000 at once; a larger cleanup is several requests. */
export const MAX_SIGNAL_TARGETS = 1000;
/** The longest confirmation the dialog asks for is a cluster id (63 characters). */
export const MAX_CONFIRMATION_LENGTH = 100;
export const DEFAULT_TERMINATE_TIMEOUT_MS = 5000;

/** A timestamp as pgwarden lists it (backend_start, query_start), checked to be one PostgreSQL accepts. */
export const listedTimestampSchema = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:?\d\d)?|Z)?$/, TIMESTAMP_HINT)
  .refine(isPgTimestamp, TIMESTAMP_HINT);

export const signalTargetSchema = z.object({
  pid: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  backendStart: listedTimestampSchema,
  /** Cancel only: the query the user confirmed; a different query on the same backend is left alone. */
  queryStart: listedTimestampSchema.nullable().optional(),
});

export const signalInputSchema = z.object({
  clusterId: clusterIdSchema,
  action: z.enum(signalActions),
  targets: z.array(signalTargetSchema).min(1).max(MAX_SIGNAL_TARGETS),
  /** Terminate only: how long to wait for the backend to exit; 0 sends and does not wait. */
  timeoutMs: z.number().int().min(0).max(60_000).default(DEFAULT_TERMINATE_TIMEOUT_MS),
  /** The target count or the cluster id, typed by the user when the dialog asks for it. */
  confirmation: z.string().max(MAX_CONFIRMATION_LENGTH).optional(),
  /** An admin's acknowledgement of the extra warning for walsenders and autovacuum workers. */
  acknowledgeSpecial: z.boolean().default(false),
});
export type SignalInput = z.input<typeof signalInputSchema>;
