// The demo's pgwarden configuration: the demo fleet (the incident cluster, a calm one, one that is down), pgwarden's
// state database, the webhook receiver, and three local logins (admin, operator, viewer) whose passwords and auth
// secret are new on every start.
import { randomBytes, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { demoNotificationsConfig } from './notifications-config';

export const DEMO_LOGINS = [
  { role: 'admin', email: 'admin@demo.local', name: 'Demo admin' },
  { role: 'operator', email: 'operator@demo.local', name: 'Demo operator' },
  { role: 'viewer', email: 'viewer@demo.local', name: 'Demo viewer' },
] as const;

export interface DemoLogin {
  role: (typeof DEMO_LOGINS)[number]['role'];
  email: string;
  password: string;
}

// No 0/O, 1/l/I: easy to read off a terminal and type.
const PASSWORD_ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A fresh random login password: four groups of five characters (about 115 bits). */
export function generateLoginPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** 48 random URL-safe characters for auth.secret. */
export function generateAuthSecret(): string {
  return randomBytes(36).toString('base64url');
}

export interface DemoConfigInput {
  /** The incident cluster (id `demo`, PostgreSQL 18). */
  monitorUrl: string;
  stateUrl: string;
  /** The calm cluster (id `billing`), on another PostgreSQL version. */
  calm?: { monitorUrl: string; version: number };
  /** A configured cluster nothing listens for (id `reporting`): its card says it cannot be reached. */
  stoppedUrl?: string;
  /** Where deliveries go (scripts/demo/webhook-receiver.ts). */
  receiver?: { url: string; secret: string };
  /** bcrypt cost (default 10). */
  rounds?: number;
}

/** The demo's pgwarden configuration (see lib/config/schema.ts) and the clear-text logins it accepts. */
export async function createDemoConfig(
  input: DemoConfigInput,
): Promise<{ config: Record<string, unknown>; logins: DemoLogin[] }> {
  const logins: DemoLogin[] = DEMO_LOGINS.map(({ role, email }) => ({
    role,
    email,
    password: generateLoginPassword(),
  }));
  const localUsers = await Promise.all(
    DEMO_LOGINS.map(async ({ email, name }, index) => ({
      email,
      name,
      passwordHash: await bcrypt.hash(logins[index]!.password, input.rounds ?? 10),
    })),
  );
  const clusters = [{ id: 'demo', name: 'Demo (embedded PostgreSQL 18)', url: input.monitorUrl }];
  if (input.calm) {
    clusters.push({
      id: 'billing',
      name: `Billing (embedded PostgreSQL ${input.calm.version}, calm)`,
      url: input.calm.monitorUrl,
    });
  }
  if (input.stoppedUrl) clusters.push({ id: 'reporting', name: 'Reporting replica (stopped)', url: input.stoppedUrl });
  const config = {
    clusters,
    stateDatabaseUrl: input.stateUrl,
    auth: {
      secret: generateAuthSecret(),
      localUsers,
      roles: DEMO_LOGINS.map(({ role, email }) => ({ role, email })),
    },
    // Low enough that the demo's incident opens alerts within its first minute (the defaults are 1 to 5 minutes).
    alerts: { queryRunningSeconds: 45, idleInTransactionSeconds: 45, lockWaitSeconds: 20, unreachableSeconds: 30 },
    ...(input.receiver ? { notifications: demoNotificationsConfig(input.receiver) } : {}),
  };
  return { config, logins };
}
