// Reading live sessions of a cluster, for viewers and up.
import 'server-only';
import { z } from 'zod';
import { summarizeLocks } from '@/lib/types/blocking';
import type { SessionRow } from '@/lib/types/session';
import { sessionViewSchema, filterSessions } from '@/lib/types/session-view';
import type { SessionFacets, SessionsPage } from '@/lib/types/sessions-page';
import { clusterIdSchema, guarded } from './guard';
import { readSnapshot } from './snapshot';

export const listSessionsInput = z.object({ clusterId: clusterIdSchema, view: sessionViewSchema });

function distinct(rows: SessionRow[], pick: (row: SessionRow) => string | null): string[] {
  return [...new Set(rows.map(pick).filter((value): value is string => Boolean(value)))].sort();
}

function facetsOf(rows: SessionRow[]): SessionFacets {
  return {
    states: distinct(rows, (row) => row.state),
    users: distinct(rows, (row) => row.user),
    databases: distinct(rows, (row) => row.database),
    applications: distinct(rows, (row) => row.applicationName),
    backendTypes: distinct(rows, (row) => row.backendType),
    clients: distinct(rows, (row) => row.clientAddr),
  };
}

export function listSessions(input: unknown) {
  return guarded('viewer', listSessionsInput, input, async ({ view }, caller) => {
    const { sessions, ...snapshot } = await readSnapshot(caller, view.interval);
    const page: SessionsPage = {
      snapshot,
      rows: filterSessions(sessions, view),
      total: sessions.length,
      facets: facetsOf(sessions),
      locks: summarizeLocks(sessions),
    };
    return { ok: true as const, data: page };
  });
}
