import { describe, expect, it } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import { ownerDirectory } from './owner-directory';

const base = { clusters: [{ id: 'prod', url: 'postgres://u:p@db:5432/app' }] };

function ownersOf(owners: unknown[], extra: Record<string, unknown> = {}) {
  return configSchema.parse({ ...base, ...extra, owners }).owners;
}

describe('the owners directory', () => {
  const owners = ownersOf([
    { team: 'payments', contact: '#payments-oncall', users: ['billing', 'pay_*'], applications: ['ledger-?'] },
    { team: 'search', contact: 'search@example.com', applications: ['indexer/*', 'psql (search)'] },
    { team: 'everyone-else', contact: '+1 555 0100', users: ['*'] },
  ]);
  const directory = ownerDirectory(owners);

  it('matches users and application names, exactly or by glob, first matching entry first', () => {
    expect(directory.teamOf('billing', 'psql')?.team).toBe('payments');
    expect(directory.teamOf('pay_api', null)?.team).toBe('payments');
    expect(directory.teamOf('reporting', 'ledger-7')?.team).toBe('payments');
    // "*" crosses "/", and a name with glob characters matches itself exactly.
    expect(directory.teamOf(null, 'indexer/eu/1')?.team).toBe('search');
    expect(directory.teamOf(null, 'psql (search)')?.team).toBe('search');
    // Both payments (user) and search (application) match: the earlier entry wins.
    expect(directory.teamOf('billing', 'indexer/1')?.team).toBe('payments');
    expect(directory.teamOf('alice', 'indexer/1')?.team).toBe('search');
    expect(directory.teamOf('alice', 'ledger-10')?.team).toBe('everyone-else');
  });

  it('gives no team when nothing matches, and never matches a missing name', () => {
    const narrow = ownerDirectory(ownersOf([{ team: 'a', contact: 'a@x', users: ['app'], applications: ['*'] }]));
    expect(narrow.teamOf('other', '')).toBeNull();
    expect(narrow.teamOf(null, null)).toBeNull();
    expect(narrow.teamOf('other', 'anything')?.team).toBe('a');
    expect(ownerDirectory(ownersOf([])).teamOf('app', 'x')).toBeNull();
  });

  it('carries the contact and the receiver, and compiles once per config', () => {
    expect(directory.teamOf('billing', null)).toEqual({
      team: 'payments',
      contact: '#payments-oncall',
      receiver: null,
    });
    expect(ownerDirectory(owners)).toBe(directory);
    expect(ownerDirectory(ownersOf([{ team: 'x', contact: 'y', users: ['z'] }]))).not.toBe(directory);
  });
});

describe('the owners config', () => {
  const issues = (owners: unknown[], extra: Record<string, unknown> = {}) => {
    const result = configSchema.safeParse({ ...base, ...extra, owners });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('defaults to no owners', () => {
    expect(configSchema.parse(base).owners).toEqual([]);
  });

  it('refuses entries that cannot match or cannot be reached, naming the field', () => {
    expect(issues([{ team: 'a', contact: 'a@x' }])).toEqual([
      'owners.0: needs at least one pattern in "users" or "applications"',
    ]);
    expect(issues([{ team: '', contact: 'a@x', users: ['u'] }])).toEqual(['owners.0.team: is empty']);
    expect(issues([{ team: 'a', contact: ' ', users: ['u'] }])[0]).toMatch(/^owners\.0\.contact: is empty/);
    expect(
      issues([
        { team: 'a', contact: 'a@x', users: ['u'] },
        { team: 'a', contact: 'b@x', users: ['v'] },
      ]),
    ).toEqual(['owners.1.team: "a" is used twice: list all of a team\'s users and applications in one entry']);
  });

  it('checks that a receiver is one of notifications.receivers', () => {
    const owner = { team: 'a', contact: 'a@x', users: ['u'], receiver: 'pager' };
    const receiver = { id: 'pager', url: 'https://hooks.example.com/x', secret: 's'.repeat(32), events: [] };
    expect(issues([owner], { notifications: { receivers: [receiver] } })).toEqual([]);
    expect(issues([{ ...owner, receiver: 'nobody' }], { notifications: { receivers: [receiver] } })[0]).toMatch(
      /^owners\.0\.receiver: "nobody" is not the id of a receiver/,
    );
  });
});
