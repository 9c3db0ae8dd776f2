// The state of a live view's data: request errors, an unreachable cluster, and when the snapshot was taken.
import type { SessionsSnapshot } from '@/lib/types/session';
import { formatDuration } from '@/lib/types/session-view';

interface Props {
  snapshot: Omit<SessionsSnapshot, 'sessions'> | undefined;
  requestError: string | null;
  /** Pages with their own status line (the sessions table) say when the data was taken there. */
  hideTakenAt?: boolean;
}

const alertClass =
  'rounded border border-red-300 bg-red-50 p-2 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200';

export function LiveStatus({ snapshot, requestError, hideTakenAt = false }: Props) {
  return (
    <div className="space-y-2 text-sm">
      {snapshot?.error && (
        <div role="alert" className={alertClass}>
          <strong>Cannot reach cluster {snapshot.clusterId}:</strong> {snapshot.error.message}.{' '}
          {snapshot.takenAt
            ? `Showing the last good snapshot, ${formatDuration(snapshot.ageMs)} old.`
            : 'No snapshot has been taken yet.'}{' '}
          Retrying on its own.
        </div>
      )}
      {requestError && (
        <div role="alert" className={alertClass}>
          {requestError}
        </div>
      )}
      {snapshot?.takenAt && !hideTakenAt && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="snapshot-taken-at">
          Snapshot taken at {snapshot.takenAt.slice(11, 19)} UTC (database clock)
        </p>
      )}
    </div>
  );
}
