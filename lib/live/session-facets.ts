// The filter bar's choices: distinct values over every session of a snapshot, whatever the filters.
import type { SessionRow } from '@/lib/types/session';
import type { SessionFacets } from '@/lib/types/sessions-page';

/** One pass over the rows, not one per facet: it runs at every snapshot of 5,000 sessions. */
export function facetsOf(rows: SessionRow[]): SessionFacets {
  const states = new Set<string>();
  const users = new Set<string>();
  const databases = new Set<string>();
  const applications = new Set<string>();
  const backendTypes = new Set<string>();
  const clients = new Set<string>();
  for (const row of rows) {
    if (row.state) states.add(row.state);
    if (row.user) users.add(row.user);
    if (row.database) databases.add(row.database);
    if (row.applicationName) applications.add(row.applicationName);
    if (row.backendType) backendTypes.add(row.backendType);
    if (row.clientAddr) clients.add(row.clientAddr);
  }
  const sorted = (values: Set<string>) => [...values].sort();
  return {
    states: sorted(states),
    users: sorted(users),
    databases: sorted(databases),
    applications: sorted(applications),
    backendTypes: sorted(backendTypes),
    clients: sorted(clients),
  };
}
