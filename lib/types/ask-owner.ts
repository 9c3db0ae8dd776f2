// "Ask the owner": what the console sends to the team owning a session, and what it answers (shared with the form).
import { z } from 'zod';
import { clusterIdSchema } from './cluster-id';
import { listedTimestampSchema } from './signal';

export const ASK_OWNER_NOTE_MAX = 1000;

export const askOwnerInputSchema = z.object({
  clusterId: clusterIdSchema,
  pid: z.number().int().min(1).max(2_147_483_647),
  /** The exact backend_start text the sessions page shows: a pid reused by a new backend is another session. */
  backendStart: listedTimestampSchema,
  note: z
    .string()
    .trim()
    .min(1, 'is empty: say what you need from the owner')
    .max(ASK_OWNER_NOTE_MAX, `must be at most ${ASK_OWNER_NOTE_MAX} characters`),
});

/** Whom a session belongs to, as the detail panel shows it. */
export interface SessionOwner {
  team: string;
  contact: string;
  /** Whether "Ask the owner" can send it a message (the team has a receiver). */
  canAsk: boolean;
}

export interface AskOwnerReceipt {
  team: string;
  receiver: string;
  /** Null when the audit row could not be written after the message was queued (logged as audit_event_not_written). */
  auditId: string | null;
  /** Server time the message was queued, ISO 8601. */
  sentAt: string;
}
