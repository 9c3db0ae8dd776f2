'use client';

import type { SessionsPage } from '@/lib/types/sessions-page';
import { LiveStatus } from '@/components/layout/live-status';

interface Props {
  page: SessionsPage | undefined;
  shown: number;
  requestError: string | null;
  paused: boolean;
  /** Updates come by push (the stream is up), or by polling the GET. */
  streaming: boolean;
}

const GRANT_HINT = 'GRANT pg_read_all_stats TO <pgwarden role>;';

export function SnapshotStatus({ page, shown, requestError, paused, streaming }: Props) {
  const snapshot = page?.snapshot;
  const privileges = snapshot?.privileges;
  return (
    <div className="space-y-2 px-4 py-2 text-sm">
      <LiveStatus snapshot={snapshot} requestError={requestError} hideTakenAt />
      {privileges && !privileges.canReadAllStats && (
        <div
          role="status"
          className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          pgwarden&apos;s role cannot see other users&apos; queries (rows show &quot;hidden&quot;). Grant it as a
          superuser: <code className="font-mono">{GRANT_HINT}</code>
        </div>
      )}
      <div
        className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400"
        data-testid="snapshot-status"
      >
        <span>
          {shown} of {page?.total ?? 0} sessions
        </span>
        {snapshot?.takenAt && <span>taken at {snapshot.takenAt.slice(11, 19)} UTC (database clock)</span>}
        {snapshot?.serverVersion && <span>PostgreSQL {snapshot.serverVersion}</span>}
        {paused ? (
          <span className="font-semibold text-amber-800 dark:text-amber-400">paused</span>
        ) : (
          <span data-testid="update-mode" data-streaming={streaming}>
            {streaming ? 'live: pushed as it changes' : 'polling'}
          </span>
        )}
      </div>
    </div>
  );
}
