'use client';

import { useState } from 'react';
import type { AuditEntry } from '@/lib/types/audit';
import { describeSample, formatUtc } from '@/lib/types/audit';
import { formatDuration } from '@/lib/types/session-view';
import { OutcomeBadge } from './outcome-badge';

/** Column titles, in the order AuditRow renders its cells; the outcome comes early so it is seen without scrolling. */
export const auditColumnHeaders = [
  'Time (UTC)',
  'Actor',
  'Cluster',
  'Action',
  'Outcome',
  'PID',
  'Backend start',
  'User',
  'Database',
  'Application',
  'Client',
  'State',
  'Query age',
  'Xact age',
  'Query',
] as const;

const cell = 'px-2 py-1 align-top';
const muted = 'text-zinc-600 dark:text-zinc-400';

const eventLabels: Record<string, string> = {
  acknowledge_alert: 'acknowledge alert',
  ask_owner: 'ask the owner',
  token_create: 'create token',
  token_revoke: 'revoke token',
  api_call: 'API call',
  dry_run: 'dry run',
};

function actionLabel(entry: AuditEntry): string {
  if (entry.action === null) return '(not readable)';
  if (eventLabels[entry.action]) return eventLabels[entry.action]!;
  if (entry.action !== 'terminate' || entry.timeoutMs === null) return entry.action;
  return `terminate (${entry.timeoutMs === 0 ? 'no wait' : `wait ${formatDuration(entry.timeoutMs)}`})`;
}

/** A refused request of several targets is one entry: it shows how many, and the first few as a tooltip. */
function TargetCell({ entry }: { entry: AuditEntry }) {
  if (entry.targetCount === null || entry.targetCount === 1) return <>{entry.targetPid ?? '?'}</>;
  return (
    <span data-testid="audit-target-count" title={describeSample(entry) ?? undefined}>
      {entry.targetCount} targets
    </span>
  );
}

function Detail({ label, value }: { label: string; value: string | null }) {
  return (
    <>
      <dt className={muted}>{label}</dt>
      <dd className="break-all">{value || '—'}</dd>
    </>
  );
}

export function AuditRow({ entry }: { entry: AuditEntry }) {
  const [expanded, setExpanded] = useState(false);
  const link = `/audit?id=${entry.id}#audit-${entry.id}`;
  return (
    <>
      <tr
        id={`audit-${entry.id}`}
        data-testid="audit-row"
        data-outcome={entry.outcome}
        className="border-b border-zinc-100 target:bg-sky-100 hover:bg-zinc-50 dark:border-zinc-900 dark:target:bg-sky-900/40 dark:hover:bg-zinc-900"
      >
        <td className={`${cell} whitespace-nowrap tabular-nums`}>
          <a href={link} className="hover:underline" title={`${entry.at} — link to this entry`}>
            {formatUtc(entry.at)}
          </a>
        </td>
        <td className={cell}>
          <span
            className="block max-w-40 truncate md:max-w-56"
            title={entry.actorName ?? entry.actorEmail ?? undefined}
          >
            {entry.actorEmail ?? 'not signed in'}
          </span>
          <span className={`text-xs ${muted}`}>
            {entry.actorRole ?? entry.clientAddress ?? 'no role'}
            {entry.actorTokenCreator ? ` · token created by ${entry.actorTokenCreator}` : ''}
          </span>
        </td>
        <td className={cell}>{entry.clusterId ?? <span className={muted}>none</span>}</td>
        <td className={`${cell} whitespace-nowrap`}>{actionLabel(entry)}</td>
        <td className={cell}>
          <OutcomeBadge outcome={entry.outcome} />
          {entry.outcomeDetail && (
            <span className={`mt-0.5 block max-w-72 truncate text-xs ${muted}`} title={entry.outcomeDetail}>
              {entry.outcomeDetail}
            </span>
          )}
        </td>
        <td className={`${cell} tabular-nums`}>
          <TargetCell entry={entry} />
        </td>
        <td className={`${cell} whitespace-nowrap tabular-nums`} title={entry.targetBackendStart ?? undefined}>
          {formatUtc(entry.targetBackendStart)}
        </td>
        <td className={cell}>{entry.targetUser}</td>
        <td className={cell}>{entry.targetDatabase}</td>
        <td className={cell}>
          <span className="block max-w-40 truncate" title={entry.targetApplication ?? undefined}>
            {entry.targetApplication}
          </span>
        </td>
        <td className={cell}>{entry.targetClient}</td>
        <td className={`${cell} whitespace-nowrap`}>{entry.targetState}</td>
        <td className={`${cell} text-right tabular-nums`}>{formatDuration(entry.queryAgeMs)}</td>
        <td className={`${cell} text-right tabular-nums`}>{formatDuration(entry.xactAgeMs)}</td>
        <td className={cell}>
          <button
            type="button"
            onClick={() => setExpanded(!expanded)}
            aria-expanded={expanded}
            className="block max-w-xs truncate text-left font-mono text-xs hover:underline"
            title={entry.targetQuery ?? 'show details'}
          >
            {expanded ? '▾ ' : '▸ '}
            {entry.targetQuery ?? <span className={muted}>(no query recorded)</span>}
          </button>
        </td>
      </tr>
      {expanded && (
        <tr className="border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60">
          <td colSpan={auditColumnHeaders.length} className="px-4 py-3">
            {/* Sticky, so the details stay in view however far the wide table is scrolled sideways. */}
            <div className="sticky left-4 max-w-[calc(100vw-2rem)]">
              <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 font-mono text-xs dark:bg-zinc-950">
                {entry.targetQuery ?? '(no query recorded)'}
              </pre>
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
                <Detail label="Outcome detail" value={entry.outcomeDetail} />
                {Object.entries(entry.detail ?? {}).map(([key, value]) => (
                  <Detail key={key} label={key} value={Array.isArray(value) ? value.join(', ') : String(value ?? '')} />
                ))}
                {entry.targetCount !== null && (
                  <Detail
                    label="Targets asked for"
                    value={`${entry.targetCount}${entry.targetSample?.length ? `; first ${entry.targetSample.length}: ${describeSample(entry)}` : ''}`}
                  />
                )}
                <Detail label="Finished (UTC)" value={entry.finishedAt} />
                <Detail
                  label="Actor"
                  value={
                    entry.actorEmail
                      ? `${entry.actorName ?? ''} <${entry.actorEmail}> via ${entry.actorProvider ?? '?'}`
                      : `not signed in${entry.clientAddress ? `, from ${entry.clientAddress}` : ''}`
                  }
                />
                <Detail label="Backend type" value={entry.targetBackendType} />
                <Detail label="Backend start (UTC)" value={entry.targetBackendStart} />
                <Detail label="Backend age" value={formatDuration(entry.backendAgeMs)} />
                <Detail label="Time in state" value={formatDuration(entry.stateAgeMs)} />
                <Detail label="Batch" value={entry.batchId} />
              </dl>
              <a href={link} className="mt-2 inline-block text-xs text-sky-700 hover:underline dark:text-sky-400">
                Link to this entry
              </a>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
