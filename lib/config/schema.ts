// The shape of pgwarden's configuration: every field a user can set, with its default and its check.
import { z } from 'zod';

export const roleNames = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(roleNames);

const postgresUrl = z
  .string()
  .min(1, 'is empty')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a connection string like postgres://user:password@host:5432/database');

/** A rule's threshold, or `false`/`null` to turn the rule off. */
const threshold = (limits: { min: number; max: number; int?: boolean }) => {
  const number = limits.int ? z.number().int() : z.number();
  return z
    .union([number.min(limits.min).max(limits.max), z.literal(false), z.null()], {
      error: `must be a number from ${limits.min} to ${limits.max}, or false (or null) to turn the rule off`,
    })
    .transform((value) => (value === false ? null : value));
};

const alertThresholds = {
  queryRunningSeconds: threshold({ min: 1, max: 7 * 86_400 }),
  idleInTransactionSeconds: threshold({ min: 1, max: 7 * 86_400 }),
  lockWaitSeconds: threshold({ min: 1, max: 7 * 86_400 }),
  lockChainWaiters: threshold({ min: 1, max: 100_000, int: true }),
  connectionsPercent: threshold({ min: 1, max: 100 }),
  unreachableSeconds: threshold({ min: 1, max: 7 * 86_400 }),
};

export const DEFAULT_ALERT_RULES = {
  queryRunningSeconds: 300,
  idleInTransactionSeconds: 300,
  lockWaitSeconds: 60,
  lockChainWaiters: 5,
  connectionsPercent: 90,
  unreachableSeconds: 60,
} as const;

/** Alert rules for every cluster; unknown names are refused, so a misspelt rule does not silently keep its default. */
const alertsSchema = z.strictObject({
  queryRunningSeconds: alertThresholds.queryRunningSeconds.default(DEFAULT_ALERT_RULES.queryRunningSeconds),
  idleInTransactionSeconds: alertThresholds.idleInTransactionSeconds.default(
    DEFAULT_ALERT_RULES.idleInTransactionSeconds,
  ),
  lockWaitSeconds: alertThresholds.lockWaitSeconds.default(DEFAULT_ALERT_RULES.lockWaitSeconds),
  lockChainWaiters: alertThresholds.lockChainWaiters.default(DEFAULT_ALERT_RULES.lockChainWaiters),
  connectionsPercent: alertThresholds.connectionsPercent.default(DEFAULT_ALERT_RULES.connectionsPercent),
  unreachableSeconds: alertThresholds.unreachableSeconds.default(DEFAULT_ALERT_RULES.unreachableSeconds),
});

/** A cluster's own values for some rules; the others come from the top-level `alerts`. */
const alertOverridesSchema = z.strictObject({
  queryRunningSeconds: alertThresholds.queryRunningSeconds.optional(),
  idleInTransactionSeconds: alertThresholds.idleInTransactionSeconds.optional(),
  lockWaitSeconds: alertThresholds.lockWaitSeconds.optional(),
  lockChainWaiters: alertThresholds.lockChainWaiters.optional(),
  connectionsPercent: alertThresholds.connectionsPercent.optional(),
  unreachableSeconds: alertThresholds.unreachableSeconds.optional(),
});

const clusterSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (for example "prod-eu")'),
  name: z.string().min(1).optional(),
  url: postgresUrl,
  sampleIntervalMs: z.number().int().min(250).max(60_000).default(2000),
  statementTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
  longQueryThresholdSeconds: z.number().int().min(1).default(30),
  alerts: alertOverridesSchema.optional(),
});

const roleGrantSchema = z
  .object({
    role: roleSchema,
    email: z.string().email().optional(),
    domain: z.string().min(1).optional(),
    group: z.string().min(1).optional(),
    clusters: z.array(z.string()).min(1).default(['*']),
  })
  .refine((grant) => [grant.email, grant.domain, grant.group].filter(Boolean).length === 1, {
    message: 'needs exactly one of "email", "domain" or "group"',
  });

const localUserSchema = z.object({
  email: z.string().email(),
  name: z.string().optional(),
  passwordHash: z.string().regex(/^\$2[aby]\$\d\d\$/, 'must be a bcrypt hash (run: npm run hash-password)'),
});

/** Failed local sign-ins before a block, per account and per client address, and how long blocks last. */
const signInThrottleSchema = z
  .object({
    maxFailuresPerAccount: z.number().int().min(1).max(1000).default(5),
    // Higher than per account, so one locked-out account does not lock out everyone behind the same NAT.
    maxFailuresPerAddress: z.number().int().min(1).max(100_000).default(50),
    windowMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(15),
    firstBlockMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(1),
    maxBlockMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .default(60),
  })
  .refine((throttle) => throttle.maxBlockMinutes >= throttle.firstBlockMinutes, {
    message: 'maxBlockMinutes must be at least firstBlockMinutes',
    path: ['maxBlockMinutes'],
  });

export const DEFAULT_SIGN_IN_THROTTLE = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 50,
  windowMinutes: 15,
  firstBlockMinutes: 1,
  maxBlockMinutes: 60,
};

const authSchema = z.object({
  secret: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').optional(),
  sessionMaxAgeHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  localUsers: z.array(localUserSchema).default([]),
  oidc: z
    .object({
      issuer: z.string().url(),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      name: z.string().default('Single sign-on'),
      groupsClaim: z.string().default('groups'),
    })
    .optional(),
  github: z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) }).optional(),
  roles: z.array(roleGrantSchema).default([]),
  signInThrottle: signInThrottleSchema.default(DEFAULT_SIGN_IN_THROTTLE),
});

/** Event types a receiver may subscribe to; ask_owner messages go to the receiver the owners directory names. */
export const subscribableEvents = ['alert_opened', 'alert_resolved', 'alert_acknowledged', 'signal'] as const;

const webhookUrl = z
  .string()
  .min(1, 'is empty')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL, like https://hooks.example.com/pgwarden');

const receiverSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, "-" or "_" (for example "oncall-slack")'),
  url: webhookUrl,
  secret: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)'),
  events: z.array(z.enum(subscribableEvents)),
  format: z.enum(['json', 'slack']).default('json'),
  clusters: z.array(z.string().min(1)).min(1).default(['*']),
});

export const DEFAULT_DELIVERY = {
  maxAttempts: 10,
  giveUpAfterMinutes: 60,
  timeoutMs: 10_000,
  firstRetryMs: 5000,
  concurrency: 4,
  memoryQueueLimit: 1000,
};

/** How webhook messages are delivered: retries with doubling waits until maxAttempts or giveUpAfterMinutes. */
const deliverySchema = z.object({
  maxAttempts: z.number().int().min(1).max(100).default(DEFAULT_DELIVERY.maxAttempts),
  giveUpAfterMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60)
    .default(DEFAULT_DELIVERY.giveUpAfterMinutes),
  timeoutMs: z.number().int().min(100).max(60_000).default(DEFAULT_DELIVERY.timeoutMs),
  firstRetryMs: z.number().int().min(100).max(600_000).default(DEFAULT_DELIVERY.firstRetryMs),
  concurrency: z.number().int().min(1).max(32).default(DEFAULT_DELIVERY.concurrency),
  memoryQueueLimit: z.number().int().min(10).max(100_000).default(DEFAULT_DELIVERY.memoryQueueLimit),
});

const notificationsSchema = z.object({
  receivers: z.array(receiverSchema).default([]),
  delivery: deliverySchema.default(DEFAULT_DELIVERY),
});
/** Who owns database sessions: users and application names (exact or a glob) mapped to a team to ask. */
const ownerSchema = z
  .object({
    team: z.string().trim().min(1, 'is empty').max(100, 'must be at most 100 characters'),
    contact: z.string().trim().min(1, 'is empty: give an email, a chat channel or a phone number').max(200),
    /** The id of a notifications receiver that gets this team's "Ask the owner" messages. */
    receiver: z.string().min(1).max(63).optional(),
    users: z.array(z.string().min(1).max(200)).max(200).default([]),
    applications: z.array(z.string().min(1).max(200)).max(200).default([]),
  })
  .refine((owner) => owner.users.length + owner.applications.length > 0, {
    message: 'needs at least one pattern in "users" or "applications"',
  });

export const configSchema = z
  .object({
    clusters: z.array(clusterSchema).min(1, 'name at least one cluster'),
    stateDatabaseUrl: postgresUrl.optional(),
    auth: authSchema.default({
      sessionMaxAgeHours: 12,
      localUsers: [],
      roles: [],
      signInThrottle: DEFAULT_SIGN_IN_THROTTLE,
    }),
    protect: z
      .object({
        users: z.array(z.string()).default([]),
        applications: z.array(z.string()).default([]),
        databases: z.array(z.string()).default([]),
      })
      .default({ users: [], applications: [], databases: [] }),
    /** The URL people open, for sign-in callbacks (else NEXTAUTH_URL, else the request's host). */
    publicUrl: z.string().url().optional(),
    /** Behind a reverse proxy that sets X-Forwarded-Proto/-Host: believe them (never set this without one). */
    trustProxy: z.boolean().default(false),
    historyRetentionDays: z.number().int().min(1).default(14),
    alerts: alertsSchema.prefault({}),
    allowedOrigins: z.array(z.string()).default([]),
    /** GET /metrics answers only with `Authorization: Bearer <token>`; without a token it is off. */
    metrics: z
      .object({ token: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional() })
      .default({}),
    notifications: notificationsSchema.default({ receivers: [], delivery: DEFAULT_DELIVERY }),
    /** First matching entry wins: a session belongs to the team of the first entry that matches its user or app. */
    owners: z.array(ownerSchema).max(500).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.clusters.forEach((cluster, index) => {
      if (seen.has(cluster.id)) {
        ctx.addIssue({ code: 'custom', path: ['clusters', index, 'id'], message: `"${cluster.id}" is used twice` });
      }
      seen.add(cluster.id);
    });
    const receivers = new Set<string>();
    config.notifications.receivers.forEach((receiver, index) => {
      const at = ['notifications', 'receivers', index];
      if (receivers.has(receiver.id)) {
        ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `"${receiver.id}" is used twice` });
      }
      receivers.add(receiver.id);
      receiver.clusters.forEach((clusterId, clusterIndex) => {
        if (clusterId !== '*' && !seen.has(clusterId)) {
          const message = `"${clusterId}" is not a configured cluster id (use one of clusters[].id, or "*")`;
          ctx.addIssue({ code: 'custom', path: [...at, 'clusters', clusterIndex], message });
        }
      });
    });
    checkOwners(config, ctx);
  });

/**
 * Each team once, and an owner's receiver must name one of notifications.receivers. Read defensively: that section is
 * another part of the schema, and without it there is nothing to check against.
 */
function checkOwners(config: { owners: { team: string; receiver?: string }[] }, ctx: z.RefinementCtx): void {
  const notifications = (config as { notifications?: { receivers?: { id?: unknown }[] } }).notifications;
  const ids = new Set((notifications?.receivers ?? []).map((receiver) => receiver.id));
  const teams = new Set<string>();
  config.owners.forEach((owner, index) => {
    if (teams.has(owner.team)) {
      ctx.addIssue({
        code: 'custom',
        path: ['owners', index, 'team'],
        message: `"${owner.team}" is used twice: list all of a team's users and applications in one entry`,
      });
    }
    teams.add(owner.team);
    if (notifications && owner.receiver !== undefined && !ids.has(owner.receiver)) {
      ctx.addIssue({
        code: 'custom',
        path: ['owners', index, 'receiver'],
        message: `"${owner.receiver}" is not the id of a receiver in notifications.receivers: add it there, or remove "receiver" to show only the contact`,
      });
    }
  });
}

export type PgwardenConfig = z.infer<typeof configSchema>;
export type ClusterConfig = PgwardenConfig['clusters'][number];
export type RoleName = z.infer<typeof roleSchema>;
export type RoleGrant = PgwardenConfig['auth']['roles'][number];
export type WebhookReceiver = PgwardenConfig['notifications']['receivers'][number];
export type DeliverySettings = PgwardenConfig['notifications']['delivery'];
export type AlertRulesConfig = PgwardenConfig['alerts'];
export type OwnerConfig = PgwardenConfig['owners'][number];
