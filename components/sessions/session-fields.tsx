'use client';

import type { ReactNode } from 'react';
import type { SessionRow } from '@/lib/types/session';
import { CopyButton } from './copy-button';
import { Duration } from './db-clock';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="break-all">{children ?? '—'}</dd>
    </>
  );
}

const duration = (ms: number | null) => (ms === null ? null : <Duration ms={ms} />);

/** Every field of a session and its whole query: the body of the desktop panel and of the phone sheet. */
export function SessionFields({ session }: { session: SessionRow }) {
  return (
    <>
      <div className="mb-1 flex items-center justify-between">
        <h3 className="font-medium">Query</h3>
        {session.query && <CopyButton text={session.query} label="Copy query" />}
      </div>
      {/* Focusable, so a keyboard user can scroll a long query (WCAG scrollable-region-focusable). */}
      <pre
        tabIndex={0}
        aria-label={`Query of session ${session.pid}`}
        data-testid="session-detail-query"
        className="mb-4 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-white p-2 font-mono text-xs dark:bg-zinc-950"
      >
        {session.query ?? '(not visible to pgwarden’s role)'}
      </pre>
      <dl className="grid grid-cols-[minmax(7rem,9rem)_1fr] gap-x-3 gap-y-1">
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
        <Field label="Query age">{duration(session.queryAgeMs)}</Field>
        <Field label="Transaction age">{duration(session.xactAgeMs)}</Field>
        <Field label="Time in state">{duration(session.stateAgeMs)}</Field>
        <Field label="Backend age">{duration(session.backendAgeMs)}</Field>
        <Field label="Backend start">{session.backendStart}</Field>
        <Field label="Transaction start">{session.xactStart}</Field>
        <Field label="Query start">{session.queryStart}</Field>
        <Field label="State change">{session.stateChange}</Field>
      </dl>
    </>
  );
}
