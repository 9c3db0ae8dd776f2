// A SessionRow with plain defaults, for unit tests of pure functions over snapshots.
import type { SessionRow } from '@/lib/types/session';

export function sessionRow(change: Partial<SessionRow> & { pid: number }): SessionRow {
  return {
    leaderPid: null,
    user: 'app',
    database: 'shop',
    applicationName: 'web',
    clientAddr: '10.0.0.1',
    clientPort: 50000,
    backendType: 'client backend',
    state: 'active',
    waitEventType: null,
    waitEvent: null,
    query: 'select 1',
    queryId: null,
    backendStart: '2025-01-01 00:00:00+00',
    queryStart: '2025-01-01 00:00:01+00',
    xactStart: '2025-01-01 00:00:01+00',
    stateChange: '2025-01-01 00:00:01+00',
    queryAgeMs: 1000,
    xactAgeMs: 1000,
    backendAgeMs: 60_000,
    stateAgeMs: 1000,
    blockedBy: [],
    isPgwarden: false,
    userIsSuperuser: false,
    isProtected: false,
    team: null,
    ...change,
  };
}
