// The filter bar's choices: distinct values over every session of a snapshot, whatever the filters.
import type { SessionRow } from '@/lib/types/session';
import type { SessionFacets } from '@/lib/types/sessions-page';

function distinct(rows: SessionRow[], pick: (row: SessionRow) => string | null): string[] {
  return [...new Set(rows.map(pick).filter((value): value is string => Boolean(value)))].sort();
}

export function facetsOf(rows: SessionRow[]): SessionFacets {
  return {
    states: distinct(rows, (row) => row.state),
    users: distinct(rows, (row) => row.user),
    databases: distinct(rows, (row) => row.database),
    applications: distinct(rows, (row) => row.applicationName),
    backendTypes: distinct(rows, (row) => row.backendType),
    clients: distinct(rows, (row) => row.clientAddr),
  };
}
