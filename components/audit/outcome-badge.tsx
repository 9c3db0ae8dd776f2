import type { AuditOutcome } from '@/lib/types/audit';

// Green: the session stopped as asked. Amber/orange: unsure or not yet. Red: it did not happen. Grey: nothing to do.
const tones: Record<AuditOutcome, string> = {
  terminated: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200',
  cancelled: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200',
  signal_sent: 'bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-200',
  pending: 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200',
  still_running: 'bg-orange-100 text-orange-900 dark:bg-orange-900/50 dark:text-orange-200',
  already_gone: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400',
  refused: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-200',
  not_permitted: 'bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200',
  failed: 'bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200',
  done: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200',
};

export function OutcomeBadge({ outcome }: { outcome: AuditOutcome }) {
  return (
    <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs ${tones[outcome] ?? ''}`} data-outcome={outcome}>
      {outcome.replace('_', ' ')}
    </span>
  );
}
