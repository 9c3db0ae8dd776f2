'use client';

import * as Dialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import type { SessionRow } from '@/lib/types/session';
import { SessionFields } from './session-fields';
import { SessionOwner } from './session-owner';

interface Props {
  session: SessionRow | null;
  gone: string | null;
  onClose: () => void;
  /** Cancel/Terminate, or why there are none: at the bottom, within the thumb's reach. */
  actions?: ReactNode;
}

/** The detail on a phone: a full-screen sheet over the cards. */
export function SessionSheet({ session, gone, onClose, actions }: Props) {
  return (
    <Dialog.Root open onOpenChange={(open) => !open && onClose()}>
      <Dialog.Portal>
        <Dialog.Content
          data-testid="session-detail"
          aria-describedby={undefined}
          className="fixed inset-0 z-30 flex flex-col bg-white text-sm dark:bg-zinc-950"
        >
          <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <Dialog.Title className="text-base font-semibold">
              {session ? `Session ${session.pid}` : 'Session gone'}
            </Dialog.Title>
            <Dialog.Close className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700">
              Close
            </Dialog.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-auto p-4">
            {session ? (
              <>
                <SessionOwner session={session} />
                <SessionFields session={session} />
              </>
            ) : (
              <p role="status" data-testid="session-gone">
                {gone}
              </p>
            )}
          </div>
          {session && actions && (
            <div className="border-t border-zinc-200 p-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-zinc-800">
              {actions}
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
