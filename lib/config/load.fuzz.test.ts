// Property-based: whatever the config file holds, parseConfig returns a valid config or throws a ConfigError that
// names the problem, never another exception (a TypeError would stop start-up with a stack trace instead).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load';
import { configSchema } from './schema';

const SEED = 8_2026;
const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-config-fuzz-'));
const file = path.join(dir, 'config.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Either a plausible value for a field or anything JSON can hold. */
const or = <T>(plausible: fc.Arbitrary<T>) => fc.oneof(plausible, fc.jsonValue({ maxDepth: 3 }));
const url = fc.constantFrom('postgres://u:p@db:5432/app', 'postgresql://db/x', 'http://db', 'postgres://', '');
const cluster = fc.record(
  {
    id: or(fc.constantFrom('prod', 'staging', 'Prod', '-x', 'a'.repeat(64), '')),
    url: or(url),
    name: or(fc.string()),
    sampleIntervalMs: or(fc.integer({ min: -1, max: 100_000 })),
    statementTimeoutMs: or(fc.integer({ min: -1, max: 100_000 })),
    longQueryThresholdSeconds: or(fc.double()),
  },
  { requiredKeys: [] },
);
const grant = fc.record(
  {
    role: or(fc.constantFrom('viewer', 'operator', 'admin', 'root')),
    email: or(fc.emailAddress()),
    domain: or(fc.domain()),
    group: or(fc.string()),
    clusters: or(fc.array(fc.string())),
  },
  { requiredKeys: [] },
);
const configLike = fc.record(
  {
    clusters: or(fc.array(cluster, { maxLength: 3 })),
    stateDatabaseUrl: or(url),
    publicUrl: or(fc.webUrl()),
    trustProxy: or(fc.boolean()),
    historyRetentionDays: or(fc.integer({ min: -5, max: 400 })),
    allowedOrigins: or(fc.array(fc.string())),
    protect: or(fc.record({ users: or(fc.array(fc.string())) }, { requiredKeys: [] })),
    auth: or(
      fc.record(
        {
          secret: or(fc.string({ minLength: 0, maxLength: 50 })),
          sessionMaxAgeHours: or(fc.double()),
          roles: or(fc.array(grant, { maxLength: 4 })),
          localUsers: or(fc.array(fc.record({ email: or(fc.emailAddress()), passwordHash: or(fc.string()) }))),
          oidc: or(fc.record({ issuer: or(fc.webUrl()), clientId: fc.string(), clientSecret: fc.string() })),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);
/** What the file holds: a config-like object, any JSON, or text that is not JSON at all. */
const fileText = fc.oneof(
  { weight: 6, arbitrary: configLike.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 1, arbitrary: configLike.map((value) => JSON.stringify(value).slice(0, -3)) },
  { weight: 1, arbitrary: fc.string() },
);
const env = fc.record(
  {
    PGWARDEN_CLUSTERS: fc.oneof(fc.constant('prod=postgres://u:p@db/app'), fc.string()),
    PGWARDEN_STATE_DATABASE_URL: fc.oneof(url, fc.string()),
    NEXTAUTH_SECRET: fc.oneof(fc.constant('s'.repeat(40)), fc.string()),
  },
  { requiredKeys: [] },
);

describe('parseConfig on generated config files', () => {
  it('returns a valid config or throws a ConfigError, for 1,000 files', () => {
    fc.assert(
      fc.property(fileText, env, (text, extra) => {
        writeFileSync(file, text);
        try {
          const config = parseConfig({ PGWARDEN_CONFIG: file, ...extra });
          expect(configSchema.safeParse(config).success).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000, seed: SEED },
    );
  });
});
