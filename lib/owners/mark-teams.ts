// Puts the owning team on each session row, from the config's owners directory; rows whose team is unchanged stay the
// same objects (the live diff and the duration cache rely on that).
import type { OwnerConfig } from '@/lib/config/schema';
import type { SessionRow } from '@/lib/types/session';
import { ownerDirectory } from './owner-directory';

export function markTeams(rows: SessionRow[], owners: OwnerConfig[]): SessionRow[] {
  if (owners.length === 0) return rows;
  const directory = ownerDirectory(owners);
  return rows.map((row) => {
    const team = directory.teamOf(row.user, row.applicationName)?.team ?? null;
    return team === row.team ? row : { ...row, team };
  });
}
