'use client';

import type { SessionRow } from '@/lib/types/session';
import type { SignalAction } from '@/lib/types/signal';

interface Props {
  checked: SessionRow[];
  matching: SessionRow[];
  onSelectMatching: () => void;
  onClear: () => void;
  onSignal: (action: SignalAction, targets: SessionRow[]) => void;
}

export function BulkBar({ checked, matching, onSelectMatching, onClear, onSignal }: Props) {
  return (
    <div
      className="flex items-center gap-3 border-b border-zinc-200 bg-zinc-50 px-4 py-1.5 text-sm dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="bulk-bar"
    >
      <span>{checked.length} selected</span>
      <button type="button" className="underline" onClick={onSelectMatching}>
        Select all {matching.length} matching the filter
      </button>
      {checked.length > 0 && (
        <>
          <button type="button" className="underline" onClick={onClear}>
            Clear
          </button>
          <button
            type="button"
            className="rounded border border-amber-500 px-2 py-0.5"
            onClick={() => onSignal('cancel', checked)}
          >
            Cancel {checked.length} queries
          </button>
          <button
            type="button"
            className="rounded border border-red-600 px-2 py-0.5 text-red-700 dark:text-red-400"
            onClick={() => onSignal('terminate', checked)}
          >
            Terminate {checked.length} sessions
          </button>
        </>
      )}
    </div>
  );
}
