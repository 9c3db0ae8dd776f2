// Reads the configuration once from PGWARDEN_CONFIG (a JSON file) and the environment, and validates it.
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { log } from '@/lib/log/logger';
import { configSchema, type PgwardenConfig } from './schema';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** `PGWARDEN_CLUSTERS="prod=postgres://...;staging=postgres://..."` names clusters without a file. */
function clustersFromEnv(value: string): unknown[] {
  return value
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('=');
      if (at <= 0) throw new ConfigError('PGWARDEN_CLUSTERS: each entry must look like id=postgres://...');
      return { id: entry.slice(0, at).trim(), url: entry.slice(at + 1).trim() };
    });
}

function readFileConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`PGWARDEN_CONFIG: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`PGWARDEN_CONFIG: ${file} is not a JSON object (${(error as Error).message})`);
  }
}

/** Names the field and says what is wrong, without echoing the value (it may hold a password). */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `- ${issue.path.length ? issue.path.join('.') : '(top level)'}: ${issue.message}`)
    .join('\n');
}

export function parseConfig(env: Env): PgwardenConfig {
  const raw: Record<string, unknown> = env.PGWARDEN_CONFIG ? readFileConfig(env.PGWARDEN_CONFIG) : {};
  if (env.PGWARDEN_CLUSTERS) raw.clusters = clustersFromEnv(env.PGWARDEN_CLUSTERS);
  if (env.PGWARDEN_STATE_DATABASE_URL) raw.stateDatabaseUrl = env.PGWARDEN_STATE_DATABASE_URL;
  if (env.PGWARDEN_METRICS_TOKEN)
    raw.metrics = { ...(raw.metrics as object | undefined), token: env.PGWARDEN_METRICS_TOKEN };
  const secret = env.NEXTAUTH_SECRET ?? env.AUTH_SECRET;
  if (secret) raw.auth = { ...(raw.auth as object | undefined), secret };
  if (!raw.clusters) {
    throw new ConfigError(
      'no clusters configured: set PGWARDEN_CONFIG to a JSON file, or PGWARDEN_CLUSTERS="id=postgres://..." (see README)',
    );
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`invalid pgwarden configuration:\n${describeConfigIssues(result.error)}`);
  if (!result.data.auth.secret) {
    throw new ConfigError(
      'auth.secret is required: set NEXTAUTH_SECRET (openssl rand -base64 32) or auth.secret in the config file',
    );
  }
  return result.data;
}

interface Loaded {
  config: PgwardenConfig;
  fileMtimeMs: number | null;
  checkedAt: number;
}

let loaded: Loaded | undefined;
const RECHECK_MS = 1000;

function fileMtime(env: Env): number | null {
  if (!env.PGWARDEN_CONFIG) return null;
  try {
    return statSync(env.PGWARDEN_CONFIG).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The validated config. Read once at start-up (a bad file stops start-up); afterwards an edited file is picked up
 * within a second, so a user removed from the role mapping loses access at once. An edit that does not validate is
 * reported and ignored: the last good config stays in force.
 */
export function getConfig(): PgwardenConfig {
  const now = Date.now();
  if (!loaded) {
    loaded = { config: parseConfig(process.env), fileMtimeMs: fileMtime(process.env), checkedAt: now };
    return loaded.config;
  }
  if (now - loaded.checkedAt >= RECHECK_MS) {
    loaded.checkedAt = now;
    const mtime = fileMtime(process.env);
    if (mtime !== loaded.fileMtimeMs) {
      loaded.fileMtimeMs = mtime;
      try {
        const next = parseConfig(process.env);
        if (JSON.stringify(next.clusters) !== JSON.stringify(loaded.config.clusters)) {
          // Pools and samplers are keyed by cluster id and live for the whole process.
          log.warn(
            { event: 'config_clusters_changed' },
            'changes to clusters (URLs, intervals, new clusters) apply after a restart',
          );
        }
        loaded.config = next;
      } catch (error) {
        log.error(
          { event: 'config_rejected', reason: (error as Error).message },
          'ignoring the edited config, keeping the last good one',
        );
      }
    }
  }
  return loaded.config;
}
