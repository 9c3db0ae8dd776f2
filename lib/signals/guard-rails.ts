// Which targets pgwarden will signal at all, for whom, and when the dialog must ask for a typed confirmation.
import type { PgwardenConfig, RoleName } from '@/lib/config/schema';
import { isAdminOnlyBackend, signalRefusal } from '@/lib/model/signal-eligibility';
import type { SessionRow } from '@/lib/types/session';
import type { SignalTarget } from './target-lookup';

type Protect = PgwardenConfig['protect'];

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
  // One rule with the buttons (lib/model/signal-eligibility): a session offered no button is refused here too.
  const refusal = signalRefusal(target, role);
  if (refusal) return { eligible: false, outcome: 'refused', message: refusal };
  if (isAdminOnlyBackend(target)) {
    if (!acknowledgeSpecial) {
      return {
        eligible: false,
        outcome: 'refused',
        message: `Signalling a ${target.backendType} needs the extra warning acknowledged in the dialog.`,
      };
    }
    return { eligible: true, needsTypedConfirmation: true };
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
