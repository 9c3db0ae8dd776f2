'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useRef, useState } from 'react';
import type { RoleName } from '@/lib/config/schema';
import type { SessionRow } from '@/lib/types/session';
import type { SignalAction, TargetResult } from '@/lib/types/signal';
import { isAdminOnlyBackend } from '@/lib/model/signal-eligibility';
import { needsTypedConfirmation } from './signal-rules';
import { TargetList } from './target-list';
import { useSignalSessions } from './use-signal-sessions';

export interface SignalRequest {
  action: SignalAction;
  targets: SessionRow[];
}

interface Props {
  clusterId: string;
  role: RoleName;
  request: SignalRequest | null;
  onClose: () => void;
  /** Current rows, so a parallel worker can be swapped for its leader. */
  rows?: SessionRow[];
}

const DEFAULT_TIMEOUT_SECONDS = 5;

export function SignalDialog(props: Props) {
  return (
    <Dialog.Root open={props.request !== null} onOpenChange={(open) => !open && props.onClose()}>
      {props.request && (
        <SignalDialogBody
          key={props.request.targets.map((row) => row.pid).join(',')}
          {...props}
          request={props.request}
        />
      )}
    </Dialog.Root>
  );
}

function SignalDialogBody({ clusterId, role, request, rows }: Omit<Props, 'onClose'> & { request: SignalRequest }) {
  const [action, setAction] = useState(request.action);
  const [targets, setTargets] = useState(request.targets);
  const [timeoutSeconds, setTimeoutSeconds] = useState(DEFAULT_TIMEOUT_SECONDS);
  const [typed, setTyped] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [results, setResults] = useState<TargetResult[] | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const signal = useSignalSessions(clusterId);

  const count = targets.length;
  const typing = needsTypedConfirmation(targets);
  const special = targets.some(isAdminOnlyBackend);
  const typedOk = !typing || typed.trim() === String(count) || typed.trim() === clusterId;
  const ready = typedOk && (!special || acknowledged) && !signal.isPending;
  const verb = action === 'terminate' ? 'Terminate' : 'Cancel query of';
  const resultsByPid = results ? new Map(results.map((result) => [result.pid, result])) : null;

  function send(nextAction: SignalAction, timeoutMs: number, subset = targets) {
    setAction(nextAction);
    // A follow-up acts on part of what the user already confirmed.
    const confirmation = typing ? (results ? clusterId : typed) : undefined;
    signal.mutate(
      { action: nextAction, targets: subset, timeoutMs, confirmation, acknowledgeSpecial: acknowledged },
      {
        onSuccess: (fresh) =>
          setResults((previous) => [
            ...(previous ?? []).filter((old) => !fresh.some((result) => result.pid === old.pid)),
            ...fresh,
          ]),
      },
    );
  }

  function useLeader(leaderPid: number) {
    const leader = rows?.find((row) => row.pid === leaderPid);
    if (leader)
      setTargets((current) => [
        ...current.filter((row) => row.leaderPid !== leaderPid && row.pid !== leaderPid),
        leader,
      ]);
  }

  const stillRunning = results?.filter((result) => result.outcome === 'still_running') ?? [];
  const stillRunningTargets = targets.filter((row) => stillRunning.some((result) => result.pid === row.pid));
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
      <Dialog.Content
        // Fits any screen: the targets and their queries scroll in the middle, the title and the buttons stay in view.
        className="fixed left-1/2 top-1/2 z-50 flex max-h-[92dvh] w-[44rem] max-w-[calc(100vw-1rem)] -translate-x-1/2 -translate-y-1/2 flex-col gap-3 rounded-lg bg-white p-4 shadow-xl sm:p-5 dark:bg-zinc-900"
        // While signals are on their way the dialog stays open, so their outcome is never missed.
        onEscapeKeyDown={(event) => signal.isPending && event.preventDefault()}
        onPointerDownOutside={(event) => signal.isPending && event.preventDefault()}
        onOpenAutoFocus={(event) => {
          // Focus starts on "Keep", so a stray Enter never confirms.
          event.preventDefault();
          cancelRef.current?.focus();
        }}
      >
        <Dialog.Title className="text-lg font-semibold">
          {verb} {count === 1 ? `session ${targets[0]!.pid}` : `${count} sessions`} on {clusterId}?
        </Dialog.Title>
        <div className="-mx-1 min-h-0 flex-1 space-y-3 overflow-y-auto px-1" data-testid="signal-dialog-body">
          <Dialog.Description className="text-sm text-zinc-700 dark:text-zinc-300">
            {action === 'terminate'
              ? 'The backend ends: its transaction rolls back and the client is disconnected.'
              : 'The running query stops with an error; the session stays connected.'}{' '}
            Only these exact sessions are signalled: a pid that now belongs to a new backend is left alone.
          </Dialog.Description>
          <TargetList targets={targets} role={role} results={resultsByPid} onUseLeader={rows ? useLeader : undefined} />
          {!results && (
            <div className="space-y-2 text-sm">
              {action === 'terminate' && (
                <label className="flex items-center gap-2">
                  Wait up to
                  <input
                    type="number"
                    min={0}
                    max={60}
                    aria-label="Wait timeout in seconds"
                    value={timeoutSeconds}
                    onChange={(event) => setTimeoutSeconds(Math.max(0, Math.min(60, Number(event.target.value) || 0)))}
                    className="w-16 rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
                  />
                  seconds for it to exit (0: send and do not wait)
                </label>
              )}
              {special && (
                <label className="flex items-center gap-2 text-red-700 dark:text-red-400">
                  <input
                    type="checkbox"
                    checked={acknowledged}
                    onChange={(event) => setAcknowledged(event.target.checked)}
                  />
                  I understand: this stops replication or autovacuum work
                  {role !== 'admin' ? ' (needs the admin role)' : ''}.
                </label>
              )}
              {typing && (
                <label className="block">
                  This touches {count > 10 ? `${count} sessions` : 'a superuser, replication or protected session'}.
                  Type <strong>{count}</strong> or <strong>{clusterId}</strong> to confirm:
                  <input
                    aria-label="Typed confirmation"
                    value={typed}
                    onChange={(event) => setTyped(event.target.value)}
                    onKeyDown={(event) => event.key === 'Enter' && event.preventDefault()}
                    className="mt-1 w-full rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950"
                  />
                </label>
              )}
            </div>
          )}
          {signal.error && (
            <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
              {signal.error.message}
            </p>
          )}
        </div>
        <div className="flex shrink-0 flex-wrap justify-end gap-2">
          <Dialog.Close asChild>
            <button
              ref={cancelRef}
              type="button"
              disabled={signal.isPending}
              className="rounded border border-zinc-300 px-3 py-1.5 dark:border-zinc-700"
            >
              {results ? 'Close' : 'Keep running'}
            </button>
          </Dialog.Close>
          {!results && (
            <button
              type="button"
              disabled={!ready}
              onClick={() => send(action, action === 'terminate' ? timeoutSeconds * 1000 : 0)}
              className="rounded bg-red-700 px-3 py-1.5 font-medium text-white disabled:opacity-40"
            >
              {signal.isPending
                ? 'Signalling…'
                : action === 'terminate'
                  ? `Terminate ${count === 1 ? 'session' : count}`
                  : `Cancel ${count === 1 ? 'query' : count}`}
            </button>
          )}
          {stillRunning.length > 0 && action === 'terminate' && (
            <>
              <button
                type="button"
                className="rounded border px-3 py-1.5"
                onClick={() => send('terminate', 15_000, stillRunningTargets)}
              >
                Terminate again, wait 15s
              </button>
              <button
                type="button"
                className="rounded bg-red-700 px-3 py-1.5 text-white"
                onClick={() => send('terminate', timeoutSeconds * 1000, stillRunningTargets)}
              >
                Terminate again
              </button>
            </>
          )}
          {stillRunning.length > 0 && action === 'cancel' && (
            <button
              type="button"
              className="rounded bg-red-700 px-3 py-1.5 text-white"
              onClick={() => send('terminate', timeoutSeconds * 1000, stillRunningTargets)}
            >
              Terminate instead
            </button>
          )}
        </div>
      </Dialog.Content>
    </Dialog.Portal>
  );
}
