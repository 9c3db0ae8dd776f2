// The demo's generated config and logins: valid for pgwarden's loader, with hashes that accept the printed passwords.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/load';
import { configSchema } from '../../lib/config/schema';
import { createDemoConfig, generateAuthSecret, generateLoginPassword } from './config';
import { writePrivateFile } from './private-file';

const temporary: string[] = [];

afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('demo config', () => {
  it('makes fresh, readable login passwords and a 48-character secret', () => {
    const passwords = new Set(Array.from({ length: 50 }, generateLoginPassword));
    expect(passwords.size).toBe(50);
    for (const password of passwords)
      expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
    expect(generateAuthSecret()).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(generateAuthSecret()).not.toBe(generateAuthSecret());
  });

  it('is a valid pgwarden config whose bcrypt hashes accept the printed passwords', async () => {
    const input = {
      monitorUrl: 'postgres://pgwarden_monitor:x@127.0.0.1:54329/postgres',
      stateUrl: 'postgres://pgwarden_state:y@127.0.0.1:54329/pgwarden_state',
    };
    const { config, logins } = await createDemoConfig(input);
    const parsed = configSchema.parse(config);
    expect(parsed.clusters).toEqual([
      expect.objectContaining({ id: 'demo', name: 'Demo (embedded PostgreSQL 18)', url: input.monitorUrl }),
    ]);
    expect(parsed.stateDatabaseUrl).toBe(input.stateUrl);
    expect(parsed.auth.secret).toHaveLength(48);
    expect(parsed.auth.roles.map((grant) => [grant.role, grant.email])).toEqual([
      ['admin', 'admin@demo.local'],
      ['operator', 'operator@demo.local'],
      ['viewer', 'viewer@demo.local'],
    ]);
    expect(logins.map((login) => login.email)).toEqual([
      'admin@demo.local',
      'operator@demo.local',
      'viewer@demo.local',
    ]);
    for (const login of logins) {
      const user = parsed.auth.localUsers.find((u) => u.email === login.email)!;
      expect(bcrypt.compareSync(login.password, user.passwordHash)).toBe(true);
      expect(bcrypt.compareSync(`${login.password}x`, user.passwordHash)).toBe(false);
    }
    const again = await createDemoConfig(input);
    expect(again.logins[0]!.password).not.toBe(logins[0]!.password);

    // Through the real loader, from a 0600 file.
    const dir = mkdtempSync(path.join(tmpdir(), 'pgwarden-demo-config-'));
    temporary.push(dir);
    const file = path.join(dir, 'pgwarden.config.json');
    writePrivateFile(file, JSON.stringify(config));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseConfig({ PGWARDEN_CONFIG: file }).clusters[0]?.id).toBe('demo');
  });

  it('names the demo fleet (the incident, a calm cluster, a stopped one) and the webhook receiver', async () => {
    const { config } = await createDemoConfig({
      monitorUrl: 'postgres://pgwarden_monitor:x@127.0.0.1:54329/postgres',
      stateUrl: 'postgres://pgwarden_state:y@127.0.0.1:54329/pgwarden_state',
      calm: { monitorUrl: 'postgres://pgwarden_monitor:z@127.0.0.1:54339/postgres', version: 17 },
      stoppedUrl: 'postgres://pgwarden_monitor:stopped@127.0.0.1:54349/postgres',
      receiver: { url: 'http://127.0.0.1:54390/', secret: 's'.repeat(32) },
      rounds: 4,
    });
    const parsed = configSchema.parse(config);
    expect(parsed.clusters.map((cluster) => [cluster.id, cluster.name])).toEqual([
      ['demo', 'Demo (embedded PostgreSQL 18)'],
      ['billing', 'Billing (embedded PostgreSQL 17, calm)'],
      ['reporting', 'Reporting replica (stopped)'],
    ]);
    expect(config.notifications).toEqual({
      receivers: [
        {
          id: 'demo-terminal',
          url: 'http://127.0.0.1:54390/',
          secret: 's'.repeat(32),
          events: ['alert_opened', 'alert_resolved', 'alert_acknowledged', 'signal'],
          format: 'json',
        },
      ],
    });
  });
});
