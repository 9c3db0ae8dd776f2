'use client';

import type { ReactNode } from 'react';
import type { SessionRow } from '@/lib/types/session';
import { CopyButton } from './copy-button';
import { Duration } from './db-clock';
import { SessionOwner } from './session-owner';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="break-all">{children ?? '—'}</dd>
    </>
  );
}

interface Props {
  session: SessionRow;
  onClose: () => void;
  actions?: ReactNode;
}

export function SessionDetail({ session, onClose, actions }: Props) {
  return (
    <aside
      aria-label={`Session ${session.pid}`}
      data-testid="session-detail"
      className="flex w-[32rem] max-w-[50vw] shrink-0 flex-col overflow-auto border-l border-zinc-200 bg-zinc-50 p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-base font-semibold">Session {session.pid}</h2>
        <button type="button" onClick={onClose} aria-label="Close details" className="text-zinc-500">
          ✕ <span className="text-xs">(Esc)</span>
        </button>
      </div>
      {actions}
      <SessionOwner session={session} />
      <div className="mb-1 flex items-center justify-between">
        <h3 className="font-medium">Query</h3>
        {session.query && <CopyButton text={session.query} label="Copy query" />}
      </div>
      <pre
        data-testid="session-detail-query"
        className="mb-4 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs dark:bg-zinc-950"
      >
        {session.query ?? '(not visible to pgwarden’s role)'}
      </pre>
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1">
        <Field label="PID">{session.pid}</Field>
        <Field label="Leader PID">{session.leaderPid}</Field>
        <Field label="User">{session.user}</Field>
        <Field label="Database">{session.database}</Field>
        <Field label="Application">{session.applicationName || null}</Field>
        <Field label="Client">
          {session.clientAddr ? `${session.clientAddr}${session.clientPort ? `:${session.clientPort}` : ''}` : null}
        </Field>
        <Field label="Backend type">{session.backendType}</Field>
        <Field label="State">{session.state}</Field>
        <Field label="Wait event">{session.waitEvent ? `${session.waitEventType}: ${session.waitEvent}` : null}</Field>
        <Field label="Blocked by">{session.blockedBy.length ? session.blockedBy.join(', ') : null}</Field>
        <Field label="Query id">{session.queryId}</Field>
        <Field label="Query age">{session.queryAgeMs === null ? null : <Duration ms={session.queryAgeMs} />}</Field>
        <Field label="Transaction age">{session.xactAgeMs === null ? null : <Duration ms={session.xactAgeMs} />}</Field>
        <Field label="Time in state">{session.stateAgeMs === null ? null : <Duration ms={session.stateAgeMs} />}</Field>
        <Field label="Backend age">
          {session.backendAgeMs === null ? null : <Duration ms={session.backendAgeMs} />}
        </Field>
        <Field label="Backend start">{session.backendStart}</Field>
        <Field label="Transaction start">{session.xactStart}</Field>
        <Field label="Query start">{session.queryStart}</Field>
        <Field label="State change">{session.stateChange}</Field>
      </dl>
    </aside>
  );
}
