'use client';

import type { ReactNode } from 'react';
import type { SessionRow } from '@/lib/types/session';
import { SessionFields } from './session-fields';
import { SessionOwner } from './session-owner';

interface Props {
  /** Null while the linked or chosen session is not in the snapshot; `gone` then says why. */
  session: SessionRow | null;
  gone: string | null;
  onClose: () => void;
  actions?: ReactNode;
}

/** The desktop detail panel beside the table. */
export function SessionDetail({ session, gone, onClose, actions }: Props) {
  return (
    <aside
      aria-label={session ? `Session ${session.pid}` : 'Session detail'}
      data-testid="session-detail"
      className="flex w-[32rem] max-w-[50vw] shrink-0 flex-col overflow-auto border-l border-zinc-200 bg-zinc-50 p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-base font-semibold">{session ? `Session ${session.pid}` : 'Session gone'}</h2>
        <button type="button" onClick={onClose} aria-label="Close details" className="text-zinc-600 dark:text-zinc-400">
          ✕ <span className="text-xs">(Esc)</span>
        </button>
      </div>
      {session ? (
        <>
          {actions}
          <SessionOwner session={session} />
          <SessionFields session={session} />
        </>
      ) : (
        <p role="status" data-testid="session-gone">
          {gone}
        </p>
      )}
    </aside>
  );
}
