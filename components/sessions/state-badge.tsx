import { BlockingBadge } from '@/components/blocking/blockers-context';
import type { SessionRow } from '@/lib/types/session';

const tones: Record<string, string> = {
  active: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-200',
  'idle in transaction': 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200',
  'idle in transaction (aborted)': 'bg-red-100 text-red-900 dark:bg-red-900/50 dark:text-red-200',
  idle: 'bg-zinc-100 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400',
};

export function StateBadge({ row }: { row: SessionRow }) {
  const label = row.state ?? (row.backendType === 'client backend' ? 'hidden' : '—');
  return (
    <span className="flex items-center gap-1">
      <span className={`rounded px-1.5 py-0.5 text-xs ${tones[label] ?? 'text-zinc-600 dark:text-zinc-400'}`}>
        {label}
      </span>
      {row.blockedBy.length > 0 && (
        <span className="rounded bg-red-600 px-1 text-xs text-white" title={`waiting for ${row.blockedBy.join(', ')}`}>
          blocked
        </span>
      )}
      <BlockingBadge pid={row.pid} />
    </span>
  );
}
