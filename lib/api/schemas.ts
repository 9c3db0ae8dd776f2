// Every input and output of /api/v1 as zod schemas: the routes validate with them and the OpenAPI document is
// generated from them (lib/api/openapi.ts), so the two cannot drift apart.
import { z } from 'zod';
import { durationKeys, type SessionRow, type SessionsSnapshot } from '@/lib/types/session';
import { sortableColumns } from '@/lib/types/session-view';
import { ownerDimensions } from '@/lib/types/owners';
import type { FailureCode } from '@/lib/types/result';
import { ASK_OWNER_NOTE_MAX, askOwnerInputSchema, type AskOwnerReceipt } from '@/lib/types/ask-owner';
import { historyRanges } from '@/lib/types/history';
import { MAX_SIGNAL_TARGETS, signalActions, signalOutcomes, signalTargetSchema } from '@/lib/types/signal';
import { tokenCreateSchema, tokenRoles, tokenStatuses } from '@/lib/tokens/token-schema';
import type { BlockingNode, BlockingPage } from '@/lib/types/blocking';
import type { OwnersPage } from '@/lib/types/owners';
import type { HistoryReport } from '@/lib/types/history';
import type { TokenRecord } from '@/lib/tokens/token-schema';
import { auditActions, auditOutcomes, type AuditPage } from '@/lib/types/audit';
import { alertRules, alertStates, type AlertRecord } from '@/lib/model/alert';

const auditOutcomeSchema = z.enum(auditOutcomes);
const auditRoleSchema = z.enum(tokenRoles);

/** Compile-time proof that a schema describes exactly the type the data-access layer returns. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const failureCodes = [
  'unauthenticated',
  'forbidden',
  'invalid_input',
  'not_found',
  'conflict',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
const failureCodesMatch: Same<(typeof failureCodes)[number], FailureCode> = true;

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(failureCodes).meta({ description: 'Stable; scripts branch on it.' }),
      message: z.string().meta({ description: 'What happened and what to do.' }),
    }),
  })
  .meta({ id: 'Error' });

export const clusterIdParam = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/);

export const sessionRowSchema = z
  .object({
    pid: z.number().int(),
    leaderPid: z.number().int().nullable(),
    user: z.string().nullable(),
    database: z.string().nullable(),
    applicationName: z.string(),
    clientAddr: z.string().nullable(),
    clientPort: z.number().int().nullable(),
    backendType: z.string(),
    state: z.string().nullable(),
    waitEventType: z.string().nullable(),
    waitEvent: z.string().nullable(),
    query: z.string().nullable(),
    queryId: z.string().nullable(),
    backendStart: z
      .string()
      .nullable()
      .meta({ description: 'With pid, identifies the backend; pass it back to signal.' }),
    queryStart: z.string().nullable(),
    xactStart: z.string().nullable(),
    stateChange: z.string().nullable(),
    queryAgeMs: z.number().nullable(),
    xactAgeMs: z.number().nullable(),
    backendAgeMs: z.number().nullable(),
    stateAgeMs: z.number().nullable(),
    blockedBy: z.array(z.number().int()),
    isPgwarden: z.boolean(),
    userIsSuperuser: z.boolean(),
    isProtected: z.boolean(),
    team: z.string().nullable().meta({
      description: "The team owning it in the config's owners directory (first matching entry); null when none.",
    }),
  })
  .meta({ id: 'Session' });
const sessionRowMatches: Same<z.infer<typeof sessionRowSchema>, SessionRow> = true;

export const snapshotSchema = z
  .object({
    clusterId: z.string(),
    snapshotId: z.number().int().meta({ description: 'Numbers the samples of this cluster, failed ones too.' }),
    takenAt: z.string().nullable(),
    serverVersion: z.string().nullable(),
    privileges: z
      .object({ isSuperuser: z.boolean(), canReadAllStats: z.boolean(), canSignalBackends: z.boolean() })
      .nullable(),
    error: z.object({ message: z.string(), since: z.string() }).nullable(),
    sampleMs: z.number().nullable(),
    ageMs: z.number().nullable(),
  })
  .meta({ id: 'Snapshot', description: 'The sample the answer was built from (sessions are sampled every interval).' });
const snapshotMatches: Same<z.infer<typeof snapshotSchema>, Omit<SessionsSnapshot, 'sessions'>> = true;

const optionalText = z.string().trim().max(200).optional();

/** The sessions page's filters and sort, as query parameters (names as in the page URL). */
export const sessionsQuerySchema = z.object({
  state: z.string().max(40).optional().meta({ description: 'Exact state, e.g. "idle in transaction".' }),
  user: optionalText,
  database: optionalText,
  application: optionalText,
  client: optionalText,
  backendType: optionalText,
  minDurationSeconds: z.coerce.number().min(0).max(10_000_000).optional(),
  by: z.enum(durationKeys).optional().meta({ description: 'Which duration minDurationSeconds applies to.' }),
  hideIdle: z.enum(['0', '1', 'true', 'false']).optional(),
  showPgwarden: z.enum(['0', '1', 'true', 'false']).optional(),
  search: optionalText.meta({ description: 'Part of the query text, any case.' }),
  sort: z.enum(sortableColumns).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

export const sessionsResponseSchema = z
  .object({
    snapshot: snapshotSchema,
    total: z.number().int().meta({ description: 'Sessions on the cluster, whatever the filters.' }),
    sessions: z.array(sessionRowSchema).meta({ description: 'Matching sessions, in the requested order.' }),
  })
  .meta({ id: 'SessionList' });

export const sessionResponseSchema = z
  .object({ snapshot: snapshotSchema, session: sessionRowSchema })
  .meta({ id: 'SessionDetail' });

export const pidParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export const blockingNodeSchema: z.ZodType<BlockingNode> = z
  .object({
    pid: z.number().int(),
    session: z.union([sessionRowSchema, z.null()]),
    get children(): z.ZodArray<typeof blockingNodeSchema> {
      return z.array(blockingNodeSchema);
    },
    alsoBlocks: z.array(z.number().int()),
    cycleWith: z.array(z.number().int()),
  })
  .meta({ id: 'BlockingNode' });

export const blockingResponseSchema = z
  .object({
    snapshot: snapshotSchema,
    tree: z.object({
      roots: z.array(
        z.object({
          node: blockingNodeSchema,
          direct: z.number().int(),
          total: z.number().int(),
          longestWaitMs: z.number().nullable(),
          inCycle: z.boolean(),
        }),
      ),
      waiting: z.number().int(),
    }),
  })
  .meta({ id: 'BlockingTree' });
const blockingMatches: Same<z.infer<typeof blockingResponseSchema>, BlockingPage> = true;

export const ownersQuerySchema = z.object({ by: z.enum(ownerDimensions).optional() });

export const ownersResponseSchema = z
  .object({
    snapshot: snapshotSchema,
    by: z.enum(ownerDimensions),
    groups: z.array(
      z.object({
        key: z.string().nullable(),
        sessions: z.number().int(),
        states: z.record(z.string(), z.number().int()),
        active: z.number().int(),
        idleInTransaction: z.number().int(),
        waitingOnLocks: z.number().int(),
        longestQueryMs: z.number().nullable(),
        longestQueryPid: z.number().int().nullable(),
        totalRunningMs: z.number(),
      }),
    ),
    contacts: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "With by=team: each configured team's contact, by team name." }),
  })
  .meta({ id: 'Owners' });
const ownersMatches: Same<z.infer<typeof ownersResponseSchema>, OwnersPage> = true;

export const historyQuerySchema = z.object({
  range: z.enum(historyRanges).optional(),
  from: z.string().optional().meta({ description: 'ISO 8601 with an offset; with range=custom.' }),
  to: z.string().optional(),
});

const ownerRef = { user: z.string().nullable(), application: z.string().nullable() };
export const historyResponseSchema = z
  .object({
    window: z.object({ from: z.string(), to: z.string() }),
    owners: z.array(z.object({ ...ownerRef, queries: z.number().int(), totalMs: z.number(), worstMs: z.number() })),
    teams: z
      .array(
        z.object({ team: z.string().nullable(), queries: z.number().int(), totalMs: z.number(), worstMs: z.number() }),
      )
      .meta({ description: 'Long queries by team of the owners directory (team null: no entry matches).' }),
    fingerprints: z.array(
      z.object({
        fingerprint: z.string(),
        queryId: z.string().nullable(),
        text: z.string().nullable(),
        occurrences: z.number().int(),
        totalMs: z.number(),
        worstMs: z.number(),
      }),
    ),
    timeline: z.object({
      bucketStarts: z.array(z.string()),
      bucketMs: z.number(),
      series: z.array(
        z.object({ label: z.string(), owner: z.object(ownerRef).nullable(), counts: z.array(z.number().int()) }),
      ),
    }),
    records: z.array(
      z.object({
        id: z.string(),
        pid: z.number().int(),
        backendStart: z.string(),
        queryStart: z.string(),
        firstSeen: z.string(),
        lastSeen: z.string(),
        longestMs: z.number(),
        user: z.string().nullable(),
        database: z.string().nullable(),
        application: z.string().nullable(),
        client: z.string().nullable(),
        query: z.string().nullable(),
        queryId: z.string().nullable(),
        fingerprint: z.string(),
        team: z.string().nullable(),
        ended: z.enum(['running', 'finished', 'cancelled', 'terminated']),
        endedByAuditId: z.string().nullable(),
        auditIds: z.array(z.string()),
      }),
    ),
    truncated: z.boolean(),
  })
  .meta({ id: 'History' });
const historyMatches: Same<z.infer<typeof historyResponseSchema>, HistoryReport> = true;

export const auditQuerySchema = z.object({
  range: z.enum(['1h', '24h', '7d', '30d']).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  actor: z.string().optional().meta({ description: 'Part of the actor, e.g. token:nightly-cleanup.' }),
  cluster: z.string().optional(),
  user: z.string().optional(),
  application: z.string().optional(),
  outcome: auditOutcomeSchema.optional(),
  action: z.enum(auditActions).optional(),
  id: z.string().optional(),
  before: z.string().optional().meta({ description: 'nextCursor of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const auditResponseSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        batchId: z.string(),
        actorEmail: z
          .string()
          .nullable()
          .meta({ description: "A person's email, token:<name> for a service token, or null: not signed in." }),
        actorName: z.string().nullable(),
        actorRole: auditRoleSchema.nullable(),
        actorProvider: z.string().nullable(),
        actorTokenCreator: z.string().nullable().meta({ description: 'Who created the token, for token calls.' }),
        clientAddress: z.string().nullable(),
        clusterId: z.string().nullable().meta({ description: 'Null: the request named no configured cluster.' }),
        action: z.enum(auditActions).nullable(),
        timeoutMs: z.number().int().nullable(),
        targetPid: z.number().int().nullable(),
        targetCount: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Refused requests: how many targets they named (targetSample holds the first).' }),
        targetSample: z
          .array(z.object({ pid: z.number().int().nullable(), backendStart: z.string().nullable() }))
          .nullable(),
        targetBackendStart: z.string().nullable(),
        targetUser: z.string().nullable(),
        targetDatabase: z.string().nullable(),
        targetApplication: z.string().nullable(),
        targetClient: z.string().nullable(),
        targetState: z.string().nullable(),
        targetBackendType: z.string().nullable(),
        targetQuery: z.string().nullable(),
        queryAgeMs: z.number().nullable(),
        xactAgeMs: z.number().nullable(),
        backendAgeMs: z.number().nullable(),
        stateAgeMs: z.number().nullable(),
        outcome: auditOutcomeSchema,
        outcomeDetail: z.string().nullable(),
        finishedAt: z.string().nullable(),
        detail: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]))
          .nullable()
          .meta({ description: 'Actions that are not signals: what was done (alert, token, route and status, ...).' }),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'AuditPage' });
const auditPageMatches: Same<z.infer<typeof auditResponseSchema>, AuditPage> = true;

export const clustersResponseSchema = z
  .object({
    clusters: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(tokenRoles) })),
  })
  .meta({ id: 'Clusters', description: 'The clusters the caller holds a role on, with that role.' });

/** Which sessions a filter-based signal picks: the sessions page's filters; at least one must narrow. */
export const signalFilterSchema = z
  .strictObject({
    state: z.string().max(40).optional(),
    user: z.string().max(200).optional(),
    database: z.string().max(200).optional(),
    application: z.string().max(200).optional(),
    client: z.string().max(200).optional(),
    backendType: z.string().max(200).optional(),
    minDurationSeconds: z.number().min(0).max(10_000_000).optional(),
    by: z.enum(durationKeys).optional().meta({ description: 'Which duration minDurationSeconds applies to.' }),
    search: z.string().max(200).optional(),
    hideIdle: z.boolean().optional(),
  })
  .refine(
    ({ by: _by, hideIdle: _hideIdle, ...narrowing }) => Object.values(narrowing).some((value) => value !== undefined),
    'must narrow the sessions (state, user, database, application, client, backendType, minDurationSeconds or search)',
  )
  .meta({ id: 'SignalFilter' });

export const signalRequestSchema = z
  .strictObject({
    action: z.enum(signalActions),
    targets: z
      .array(signalTargetSchema.pick({ pid: true, backendStart: true, queryStart: true }))
      .min(1)
      .max(MAX_SIGNAL_TARGETS)
      .optional()
      .meta({ description: 'Exact backends, by pid and backend_start (as listed by the sessions route).' }),
    filter: signalFilterSchema.optional(),
    dryRun: z.boolean().default(false).meta({ description: 'Answer with what would be signalled; signal nothing.' }),
    confirm: z.string().max(100).optional().meta({
      description:
        'The target count or the cluster id; needed for more than 10 targets or superuser, protected or special sessions.',
    }),
    timeoutMs: z.number().int().min(0).max(60_000).optional(),
    acknowledgeSpecial: z.boolean().optional(),
  })
  .refine((body) => (body.targets === undefined) !== (body.filter === undefined), {
    message: 'give either "targets" or "filter", not both and not neither',
    path: ['targets'],
  })
  .meta({ id: 'SignalRequest' });
export type SignalRequest = z.infer<typeof signalRequestSchema>;

export const plannedTargetSchema = z
  .object({
    pid: z.number().int(),
    backendStart: z.string(),
    user: z.string().nullable(),
    database: z.string().nullable(),
    applicationName: z.string().nullable(),
    clientAddr: z.string().nullable(),
    state: z.string().nullable(),
    query: z.string().nullable(),
    queryAgeMs: z.number().nullable(),
    xactAgeMs: z.number().nullable(),
    stateAgeMs: z.number().nullable(),
  })
  .meta({ id: 'PlannedTarget' });

export const dryRunResponseSchema = z
  .object({
    dryRun: z.literal(true),
    clusterId: z.string(),
    action: z.enum(signalActions),
    wouldSignal: z
      .array(plannedTargetSchema)
      .meta({ description: 'Exactly the sessions a real call would signal now.' }),
    wouldRefuse: z.array(
      z.object({
        pid: z.number().int(),
        backendStart: z.string(),
        outcome: z.enum(signalOutcomes),
        message: z.string(),
      }),
    ),
    confirmationRequired: z.boolean().meta({ description: 'A real call must carry confirm (count or cluster id).' }),
    count: z.number().int().meta({ description: 'Targets a real call would send, the count to put in confirm.' }),
  })
  .meta({ id: 'SignalDryRun' });

export const signalResultSchema = z
  .object({
    dryRun: z.literal(false),
    clusterId: z.string(),
    action: z.enum(signalActions),
    results: z.array(
      z.object({
        pid: z.number().int(),
        backendStart: z.string(),
        outcome: z.enum(signalOutcomes),
        message: z.string(),
        auditId: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'SignalResult' });

export const signalResponseSchema = z.union([dryRunResponseSchema, signalResultSchema]);

export const tokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(tokenRoles),
    clusters: z.array(z.string()),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    revokedBy: z.string().nullable(),
    status: z.enum(tokenStatuses),
  })
  .meta({ id: 'Token' });
const tokenMatches: Same<z.infer<typeof tokenSchema>, TokenRecord> = true;

export const tokenCreateRequestSchema = tokenCreateSchema.meta({ id: 'TokenCreateRequest' });
export const tokenCreatedSchema = z
  .object({ token: tokenSchema, secret: z.string().meta({ description: 'Shown once; pgwarden keeps only a hash.' }) })
  .meta({ id: 'TokenCreated' });
export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) }).meta({ id: 'TokenList' });
export const tokenNameParam = z.string();

export const alertsQuerySchema = z.object({
  state: z
    .enum(alertStates)
    .optional()
    .meta({ description: 'open (default): open alerts; all: open ones first, then resolved ones, newest first.' }),
});

const alertSessionSchema = z
  .object({
    pid: z.number().int(),
    backendStart: z.string().nullable().meta({ description: 'With pid, identifies the backend.' }),
    user: z.string().nullable(),
    database: z.string().nullable(),
    applicationName: z.string(),
    state: z.string().nullable(),
    query: z.string().nullable(),
    queryAgeMs: z.number().nullable(),
    xactAgeMs: z.number().nullable(),
    stateAgeMs: z.number().nullable(),
  })
  .meta({ id: 'AlertSession', description: 'A session as the alert last saw it (durations by the database clock).' });

export const alertSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    rule: z.enum(alertRules),
    key: z.string().meta({ description: 'Identifies the condition within its rule.' }),
    detail: z.string(),
    sessions: z.array(alertSessionSchema).meta({ description: 'The sessions involved; the first is the one to see.' }),
    path: z.string().meta({ description: 'The sessions page filtered to the condition, the first session open.' }),
    openedAt: z.string(),
    lastSeen: z.string(),
    resolvedAt: z.string().nullable(),
    acknowledgedBy: z.object({ email: z.string(), name: z.string().nullable() }).nullable(),
    acknowledgedAt: z.string().nullable(),
  })
  .meta({ id: 'Alert' });
const alertMatches: Same<z.infer<typeof alertSchema>, AlertRecord> = true;

export const alertsResponseSchema = z.object({ alerts: z.array(alertSchema) }).meta({ id: 'AlertList' });
export const alertAcknowledgedSchema = z.object({ alert: alertSchema }).meta({ id: 'AlertAcknowledged' });
export const alertIdParam = z.string().meta({ description: 'The alert id, as listed.' });

export const askOwnerRequestSchema = z
  .strictObject({
    backendStart: askOwnerInputSchema.shape.backendStart.meta({
      description: "The session's backendStart exactly as listed: a pid reused by a new backend is another session.",
    }),
    note: askOwnerInputSchema.shape.note.meta({
      description: `What you need from the owner (1-${ASK_OWNER_NOTE_MAX} characters).`,
    }),
  })
  .meta({ id: 'AskOwnerRequest' });
export const askOwnerResponseSchema = z
  .object({
    team: z.string(),
    receiver: z.string(),
    auditId: z.string().nullable(),
    sentAt: z.string().meta({ description: "When the message was queued for the team's receiver (ISO 8601)." }),
  })
  .meta({ id: 'AskOwnerReceipt' });
const askOwnerMatches: Same<z.infer<typeof askOwnerResponseSchema>, AskOwnerReceipt> = true;

void [sessionRowMatches, snapshotMatches, auditPageMatches, alertMatches, askOwnerMatches, failureCodesMatch];
void [blockingMatches, ownersMatches, historyMatches, tokenMatches];
