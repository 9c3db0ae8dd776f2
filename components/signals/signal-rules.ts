// What the dialog must ask before sending; the server applies the same rules again (lib/signals/guard-rails).
import { isAdminOnlyBackend } from '@/lib/model/signal-eligibility';
import type { SessionRow } from '@/lib/types/session';
import { TYPED_CONFIRMATION_THRESHOLD } from '@/lib/types/signal';

export function needsTypedConfirmation(targets: SessionRow[]): boolean {
  return (
    targets.length > TYPED_CONFIRMATION_THRESHOLD ||
    targets.some((row) => row.userIsSuperuser || row.isProtected || isAdminOnlyBackend(row))
  );
}
