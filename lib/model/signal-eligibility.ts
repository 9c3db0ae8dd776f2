// Which sessions pgwarden signals at all, and for which role: the one rule behind the row's buttons, the detail's
// reason, the dialog's warnings and the server's guard rails (lib/signals/guard-rails.ts).
import type { RoleName } from '@/lib/config/schema';

/** Backends only an admin may signal, after acknowledging the extra warning in the dialog. */
export const ADMIN_ONLY_BACKEND_TYPES: readonly string[] = ['walsender', 'autovacuum worker'];

export interface SignalSubject {
  backendType: string | null;
  isPgwarden: boolean;
  leaderPid: number | null;
  /** Null when pgwarden's role cannot see it: the session then cannot be named exactly, so it is never signalled. */
  backendStart: string | null;
}

export function isAdminOnlyBackend(subject: Pick<SignalSubject, 'backendType'>): boolean {
  return ADMIN_ONLY_BACKEND_TYPES.includes(subject.backendType ?? '');
}

/** Why pgwarden will not signal this session for this role, or null when it may (the dialog may still ask more). */
export function signalRefusal(subject: SignalSubject, role: RoleName | null): string | null {
  if (role !== 'operator' && role !== 'admin') {
    return `Your role (${role ?? 'none'}) may watch sessions only: cancelling or terminating needs operator or admin.`;
  }
  if (subject.isPgwarden) return 'pgwarden never signals its own connections.';
  if (subject.leaderPid !== null) {
    return `This is a parallel worker: stopping it aborts the whole query. Act on its leader, pid ${subject.leaderPid}.`;
  }
  const backendType = subject.backendType ?? '';
  if (isAdminOnlyBackend(subject)) {
    if (role !== 'admin') return `Only an admin may signal a ${backendType}.`;
  } else if (backendType !== 'client backend') {
    return `pgwarden never signals ${backendType || 'background'} processes.`;
  }
  if (subject.backendStart === null) {
    return 'pgwarden’s role cannot see when this backend started, so it cannot name this exact session to signal it (GRANT pg_read_all_stats TO <pgwarden role>).';
  }
  return null;
}

export function offersSignals(subject: SignalSubject, role: RoleName | null): boolean {
  return signalRefusal(subject, role) === null;
}
