'use client';

import type { SessionRow } from '@/lib/types/session';
import type { SignalAction } from '@/lib/types/signal';

interface Props {
  row: SessionRow;
  onSignal: (action: SignalAction, targets: SessionRow[]) => void;
  /** `large`: the phone sheet's thumb-sized buttons, side by side across the screen. */
  size?: 'small' | 'normal' | 'large';
}

export function SignalButtons({ row, onSignal, size = 'normal' }: Props) {
  const base = {
    small: 'rounded px-1.5 text-xs leading-6',
    normal: 'rounded px-3 py-1 text-sm',
    large: 'flex-1 rounded-lg px-4 py-3 text-base font-medium',
  }[size];
  return (
    <>
      <button
        type="button"
        className={`${base} border border-amber-500 text-amber-800 hover:bg-amber-50 dark:text-amber-300 dark:hover:bg-amber-950`}
        onClick={() => onSignal('cancel', [row])}
        aria-label={`Cancel query of session ${row.pid}`}
      >
        {size === 'small' ? 'Cancel' : 'Cancel query'}
      </button>
      <button
        type="button"
        className={`${base} border border-red-600 text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950`}
        onClick={() => onSignal('terminate', [row])}
        aria-label={`Terminate session ${row.pid}`}
      >
        {size === 'small' ? 'Terminate' : 'Terminate session'}
      </button>
    </>
  );
}
