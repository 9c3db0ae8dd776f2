import { describe, expect, it } from 'vitest';
import { roleNames } from '@/lib/config/schema';
import { isAdminOnlyBackend, offersSignals, signalRefusal, type SignalSubject } from './signal-eligibility';

const client: SignalSubject = {
  backendType: 'client backend',
  isPgwarden: false,
  leaderPid: null,
  backendStart: '2026-11-25 10:00:00.123456+00',
};
const backgroundTypes = [
  'checkpointer',
  'walwriter',
  'background writer',
  'io worker',
  'autovacuum launcher',
  'logical replication launcher',
  'archiver',
  'startup',
  'walreceiver',
  '',
];

describe('signalRefusal', () => {
  it('offers client backends to operators and admins, never to viewers', () => {
    expect(offersSignals(client, 'operator')).toBe(true);
    expect(offersSignals(client, 'admin')).toBe(true);
    expect(signalRefusal(client, 'viewer')).toMatch(/viewer.*operator or admin/);
    expect(signalRefusal(client, null)).toMatch(/none/);
  });

  it('never offers background processes, for any role', () => {
    for (const backendType of backgroundTypes) {
      for (const role of roleNames) {
        expect(offersSignals({ ...client, backendType }, role), `${backendType} for ${role}`).toBe(false);
      }
      expect(signalRefusal({ ...client, backendType }, 'admin')).toContain('never signals');
    }
  });

  it('keeps walsenders and autovacuum workers for admins', () => {
    for (const backendType of ['walsender', 'autovacuum worker']) {
      const special = { ...client, backendType };
      expect(isAdminOnlyBackend(special)).toBe(true);
      expect(offersSignals(special, 'admin')).toBe(true);
      expect(signalRefusal(special, 'operator')).toBe(`Only an admin may signal a ${backendType}.`);
    }
  });

  it('never offers pgwarden’s own connections, parallel workers or backends it cannot name', () => {
    expect(signalRefusal({ ...client, isPgwarden: true }, 'admin')).toBe('pgwarden never signals its own connections.');
    expect(signalRefusal({ ...client, leaderPid: 42 }, 'admin')).toContain('leader, pid 42');
    expect(signalRefusal({ ...client, backendStart: null }, 'admin')).toContain('pg_read_all_stats');
  });
});
