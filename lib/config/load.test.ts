import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load';

const SECRET = 'a'.repeat(40);

function fileWith(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-config-'));
  const file = path.join(dir, 'config.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function errorOf(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('reads clusters from a file with defaults filled in', () => {
    const config = parseConfig({
      PGWARDEN_CONFIG: fileWith({
        clusters: [{ id: 'prod', url: 'postgres://u:p@db:5432/app' }],
        auth: { secret: SECRET },
      }),
    });
    expect(config.clusters[0]).toMatchObject({
      id: 'prod',
      sampleIntervalMs: 2000,
      statementTimeoutMs: 5000,
      longQueryThresholdSeconds: 30,
    });
    expect(config.auth.sessionMaxAgeHours).toBe(12);
    expect(config.historyRetentionDays).toBe(14);
  });

  it('reads clusters and secret from the environment', () => {
    const config = parseConfig({
      PGWARDEN_CLUSTERS: 'prod=postgres://u:p@db1/app; staging=postgresql://u:p@db2/app',
      NEXTAUTH_SECRET: SECRET,
    });
    expect(config.clusters.map((cluster) => cluster.id)).toEqual(['prod', 'staging']);
  });

  it('names the field of a bad connection string without echoing the password', () => {
    const message = errorOf({
      PGWARDEN_CONFIG: fileWith({
        clusters: [{ id: 'prod', url: 'mysql://admin:hunter2@db/app' }],
        auth: { secret: SECRET },
      }),
    });
    expect(message).toContain('clusters.0.url');
    expect(message).toContain('postgres://');
    expect(message).not.toContain('hunter2');
  });

  it('names missing and malformed fields', () => {
    expect(
      errorOf({ PGWARDEN_CONFIG: fileWith({ clusters: [{ url: 'postgres://db/app' }], auth: { secret: SECRET } }) }),
    ).toContain('clusters.0.id');
    expect(errorOf({ PGWARDEN_CONFIG: fileWith({ clusters: [], auth: { secret: SECRET } }) })).toContain(
      'name at least one cluster',
    );
    expect(
      errorOf({
        PGWARDEN_CONFIG: fileWith({
          clusters: [
            { id: 'a', url: 'postgres://db/app' },
            { id: 'a', url: 'postgres://db/app' },
          ],
          auth: { secret: SECRET },
        }),
      }),
    ).toContain('clusters.1.id: "a" is used twice');
    expect(
      errorOf({
        PGWARDEN_CONFIG: fileWith({
          clusters: [{ id: 'a', url: 'postgres://db/app' }],
          auth: { secret: SECRET, roles: [{ role: 'root', email: 'x@y.z' }] },
        }),
      }),
    ).toContain('auth.roles.0.role');
    expect(
      errorOf({
        PGWARDEN_CONFIG: fileWith({
          clusters: [{ id: 'a', url: 'postgres://db/app' }],
          auth: { secret: SECRET, localUsers: [{ email: 'a@b.c', passwordHash: 'plaintext' }] },
        }),
      }),
    ).toContain('auth.localUsers.0.passwordHash');
  });

  it('refuses to start without a secret, a cluster, or a readable JSON file', () => {
    expect(errorOf({ PGWARDEN_CLUSTERS: 'prod=postgres://db/app' })).toContain('NEXTAUTH_SECRET');
    expect(errorOf({})).toContain('no clusters configured');
    expect(errorOf({ PGWARDEN_CONFIG: '/nonexistent/pgwarden.json' })).toContain('cannot read');
    expect(errorOf({ PGWARDEN_CONFIG: fileWith('{ not json') })).toContain('is not a JSON object');
    expect(errorOf({ PGWARDEN_CLUSTERS: 'no-equals-sign', NEXTAUTH_SECRET: SECRET })).toContain('id=postgres://');
  });
});

describe('getConfig', () => {
  it('picks up an edited file within a second and keeps the last good config when an edit is invalid', async () => {
    const { getConfig } = await import('./load');
    const base = { clusters: [{ id: 'prod', url: 'postgres://db/app' }], auth: { secret: SECRET } };
    const file = fileWith({ ...base, auth: { ...base.auth, roles: [{ role: 'admin', email: 'gone@x.dev' }] } });
    process.env.PGWARDEN_CONFIG = file;
    try {
      expect(getConfig().auth.roles).toHaveLength(1);
      writeFileSync(file, JSON.stringify(base));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(getConfig().auth.roles).toHaveLength(0);
      writeFileSync(file, '{ broken');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(getConfig().clusters[0]?.id).toBe('prod');
    } finally {
      delete process.env.PGWARDEN_CONFIG;
    }
  });
});
