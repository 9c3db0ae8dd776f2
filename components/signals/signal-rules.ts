// What the dialog must ask before sending; the server applies the same rules again (lib/signals/guard-rails).
import type { SessionRow } from '@/lib/types/session';
import { TYPED_CONFIRMATION_THRESHOLD } from '@/lib/types/signal';

export const ADMIN_ONLY_BACKEND_TYPES = ['walsender', 'autovacuum worker'];

export function isSpecialBackend(row: SessionRow): boolean {
  return ADMIN_ONLY_BACKEND_TYPES.includes(row.backendType);
}

export function needsTypedConfirmation(targets: SessionRow[]): boolean {
  return (
    targets.length > TYPED_CONFIRMATION_THRESHOLD ||
    targets.some((row) => row.userIsSuperuser || row.isProtected || isSpecialBackend(row))
  );
}

/** Why the server will refuse a target outright, so the dialog can say it before anything is sent. */
export function refusalOf(row: SessionRow): string | null {
  if (row.isPgwarden) return 'pgwarden’s own connection: never signalled';
  if (row.leaderPid !== null) return `parallel worker of ${row.leaderPid}: act on the leader`;
  if (!isSpecialBackend(row) && row.backendType !== 'client backend')
    return `${row.backendType || 'background'} process: never signalled`;
  if (!row.backendStart) return 'not visible to pgwarden’s role';
  return null;
}
