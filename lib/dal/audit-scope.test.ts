import { describe, expect, it } from 'vitest';
import type { Identity } from '@/lib/auth/roles';
import { configSchema } from '@/lib/config/schema';
import { auditScope } from './audit-scope';

const url = 'postgres://pgwarden@db.example/postgres';
const config = configSchema.parse({
  clusters: [
    { id: 'prod', url },
    { id: 'staging', url },
    { id: 'analytics', url },
  ],
  auth: {
    roles: [
      { role: 'viewer', domain: 'example.com', clusters: ['staging', 'prod'] },
      { role: 'admin', email: 'lead@example.com' },
      { role: 'operator', group: 'data', clusters: ['analytics'] },
    ],
  },
});

const person = (email: string, groups: string[] = []): Identity => ({ email, name: null, groups, provider: 'local' });

describe('auditScope', () => {
  it('lists every cluster the person holds any role on, in config order', () => {
    expect(auditScope(config, person('ann@example.com'))).toEqual({ ok: true, data: ['prod', 'staging'] });
    expect(auditScope(config, person('lead@example.com'))).toEqual({
      ok: true,
      data: ['prod', 'staging', 'analytics'],
    });
    expect(auditScope(config, person('x@elsewhere.org', ['data']))).toEqual({ ok: true, data: ['analytics'] });
  });

  it('refuses a person mapped to no cluster', () => {
    expect(auditScope(config, person('x@elsewhere.org'))).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('narrows to the cluster filter when visible, refuses it when not, and names an unknown one', () => {
    expect(auditScope(config, person('ann@example.com'), 'staging')).toEqual({ ok: true, data: ['staging'] });
    expect(auditScope(config, person('ann@example.com'), 'analytics')).toMatchObject({ ok: false, code: 'forbidden' });
    expect(auditScope(config, person('ann@example.com'), 'gone')).toMatchObject({ ok: false, code: 'not_found' });
  });
});
