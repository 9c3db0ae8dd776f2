import { describe, expect, it } from 'vitest';
import { configSchema, type PgwardenConfig } from '@/lib/config/schema';
import { roleFor, visibleClusters, type Identity } from './roles';

const url = 'postgres://pgwarden_monitor:secret@db.internal:5432/postgres';

function configWith(roles: unknown[]): PgwardenConfig {
  return configSchema.parse({
    clusters: [
      { id: 'main', url },
      { id: 'staging', url },
    ],
    auth: { roles },
  });
}

function who(email: string, groups: string[] = []): Identity {
  return { email, name: null, groups, provider: 'oidc' };
}

describe('roleFor', () => {
  it('denies by default: no grants, or no matching grant, is no role on any cluster', () => {
    expect(roleFor(configWith([]), who('admin@corp.example'), 'main')).toBeNull();
    const config = configWith([{ role: 'admin', email: 'dba@corp.example' }]);
    expect(roleFor(config, who('oncall@corp.example'), 'main')).toBeNull();
    expect(visibleClusters(config, who('oncall@corp.example'))).toEqual([]);
  });

  it('matches an email grant whatever its case', () => {
    const config = configWith([{ role: 'operator', email: 'OnCall@Corp.example' }]);
    expect(roleFor(config, who('oncall@corp.EXAMPLE'), 'main')).toBe('operator');
  });

  it('matches a domain grant on the whole domain after the @ only', () => {
    const config = configWith([{ role: 'viewer', domain: 'corp.example' }]);
    expect(roleFor(config, who('anyone@corp.example'), 'main')).toBe('viewer');
    expect(roleFor(config, who('anyone@evilcorp.example'), 'main')).toBeNull();
    expect(roleFor(config, who('anyone@corp.example.evil'), 'main')).toBeNull();
    expect(roleFor(configWith([{ role: 'viewer', domain: '@corp.example' }]), who('anyone@corp.example'), 'main')).toBe(
      'viewer',
    );
  });

  it('matches a group grant on the exact group name', () => {
    const config = configWith([{ role: 'operator', group: 'dba' }]);
    expect(roleFor(config, who('a@corp.example', ['staff', 'dba']), 'main')).toBe('operator');
    expect(roleFor(config, who('a@corp.example', ['dba-readonly', 'DBA']), 'main')).toBeNull();
  });

  it('gives a grant that names clusters a role on those clusters only; "*" (the default) covers every cluster', () => {
    const config = configWith([
      { role: 'operator', group: 'dba', clusters: ['main'] },
      { role: 'viewer', group: 'leads' },
    ]);
    expect(roleFor(config, who('a@corp.example', ['dba']), 'main')).toBe('operator');
    expect(roleFor(config, who('a@corp.example', ['dba']), 'staging')).toBeNull();
    expect(visibleClusters(config, who('a@corp.example', ['dba'])).map((cluster) => cluster.id)).toEqual(['main']);
    expect(visibleClusters(config, who('b@corp.example', ['leads'])).map((cluster) => cluster.id)).toEqual([
      'main',
      'staging',
    ]);
  });

  it('takes the highest role of all matching grants, in any order', () => {
    const config = configWith([
      { role: 'viewer', domain: 'corp.example' },
      { role: 'admin', email: 'lead@corp.example', clusters: ['staging'] },
      { role: 'operator', group: 'dba' },
      { role: 'viewer', email: 'lead@corp.example' },
    ]);
    const lead = who('lead@corp.example', ['dba']);
    expect(roleFor(config, lead, 'main')).toBe('operator');
    expect(roleFor(config, lead, 'staging')).toBe('admin');
  });

  it('answers from the config it is given, so a changed config changes the role of the same identity at once', () => {
    const oncall = who('oncall@corp.example', ['dba']);
    expect(roleFor(configWith([{ role: 'admin', group: 'dba' }]), oncall, 'main')).toBe('admin');
    expect(roleFor(configWith([{ role: 'viewer', group: 'dba' }]), oncall, 'main')).toBe('viewer');
    expect(roleFor(configWith([]), oncall, 'main')).toBeNull();
  });
});

describe('roleFor a service token', () => {
  const token = (clusters: string[]): Identity => ({
    email: 'token:nightly',
    name: null,
    groups: ['dba'],
    provider: 'token',
    token: { id: '1', name: 'nightly', role: 'operator', clusters, createdBy: 'admin@corp.example' },
  });

  it("takes the token's role on the token's clusters only, whatever the grants say", () => {
    const config = configWith([
      { role: 'admin', group: 'dba' },
      { role: 'admin', domain: 'token:nightly' },
    ]);
    expect(roleFor(config, token(['main']), 'main')).toBe('operator');
    expect(roleFor(config, token(['main']), 'staging')).toBeNull();
    expect(visibleClusters(config, token(['*'])).map((cluster) => cluster.id)).toEqual(['main', 'staging']);
  });
});
