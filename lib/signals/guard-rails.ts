// Which targets pgwarden will signal at all, for whom, and when the dialog must ask for a typed confirmation.
import type { PgwardenConfig, RoleName } from '@/lib/config/schema';
import type { SessionRow } from '@/lib/types/session';
import type { SignalTarget } from './target-lookup';

type Protect = PgwardenConfig['protect'];

const ADMIN_ONLY_BACKENDS = new Set(['walsender', 'autovacuum worker']);

export function isProtected(
  protect: Protect,
  row: { user: string | null; applicationName: string | null; database: string | null },
) {
  return (
    (row.user !== null && protect.users.includes(row.user)) ||
    (row.applicationName !== null && protect.applications.includes(row.applicationName)) ||
    (row.database !== null && protect.databases.includes(row.database))
  );
}

export function markProtected(rows: SessionRow[], protect: Protect): SessionRow[] {
  if (!protect.users.length && !protect.applications.length && !protect.databases.length) return rows;
  return rows.map((row) => (isProtected(protect, row) ? { ...row, isProtected: true } : row));
}

export type Verdict =
  | { eligible: true; needsTypedConfirmation: boolean }
  | { eligible: false; outcome: 'already_gone' | 'refused'; message: string };

export function judgeTarget(
  target: SignalTarget,
  role: RoleName,
  protect: Protect,
  acknowledgeSpecial: boolean,
): Verdict {
  if (!target.present) {
    return {
      eligible: false,
      outcome: 'already_gone',
      message:
        'That session has already ended, its pid now belongs to a new backend, or (for a cancel) the query you confirmed has finished; nothing was signalled.',
    };
  }
  if (target.isPgwarden)
    return { eligible: false, outcome: 'refused', message: 'pgwarden never signals its own connections.' };
  if (target.leaderPid !== null) {
    return {
      eligible: false,
      outcome: 'refused',
      message: `This is a parallel worker: stopping it aborts the whole query. Act on its leader, pid ${target.leaderPid}.`,
    };
  }
  const backendType = target.backendType ?? '';
  if (ADMIN_ONLY_BACKENDS.has(backendType)) {
    if (role !== 'admin') {
      return { eligible: false, outcome: 'refused', message: `Only an admin may signal a ${backendType}.` };
    }
    if (!acknowledgeSpecial) {
      return {
        eligible: false,
        outcome: 'refused',
        message: `Signalling a ${backendType} needs the extra warning acknowledged in the dialog.`,
      };
    }
    return { eligible: true, needsTypedConfirmation: true };
  }
  if (backendType !== 'client backend') {
    return {
      eligible: false,
      outcome: 'refused',
      message: `pgwarden never signals ${backendType || 'background'} processes.`,
    };
  }
  const protectedTarget = isProtected(protect, target);
  if (protectedTarget && role !== 'admin') {
    return {
      eligible: false,
      outcome: 'refused',
      message: 'This session is on the protect list (user, application or database); only an admin may signal it.',
    };
  }
  return { eligible: true, needsTypedConfirmation: protectedTarget || target.userIsSuperuser };
}

/** The dialog's rule, applied again on the server: more than 10 targets or any special one needs typing. */
export function typedConfirmationAccepted(
  confirmation: string | undefined,
  targetCount: number,
  clusterId: string,
): boolean {
  const typed = confirmation?.trim();
  return typed === String(targetCount) || typed === clusterId;
}
