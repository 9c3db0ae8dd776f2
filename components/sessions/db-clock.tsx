'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { formatDuration } from '@/lib/types/session-view';

/** Between snapshots, durations tick from the snapshot's database time by the time elapsed since it arrived. */
const ElapsedContext = createContext(0);

interface Props {
  /** The snapshot the shown durations are computed at. */
  snapshotId: number | undefined;
  /** False while paused or while the cluster cannot be reached: durations then stay as of the last snapshot. */
  ticking: boolean;
  children: ReactNode;
}

export function DbClockProvider({ snapshotId, ticking, children }: Props) {
  const arrived = useRef<{ snapshotId: number | undefined; at: number } | null>(null);
  const [elapsed, setElapsed] = useState<{ snapshotId: number | undefined; ms: number }>({ snapshotId, ms: 0 });
  useEffect(() => {
    arrived.current = { snapshotId, at: performance.now() };
    if (!ticking) return;
    const timer = setInterval(() => {
      const since = arrived.current;
      if (since) setElapsed({ snapshotId: since.snapshotId, ms: performance.now() - since.at });
    }, 1000);
    return () => clearInterval(timer);
  }, [snapshotId, ticking]);
  const ms = ticking && elapsed.snapshotId === snapshotId ? elapsed.ms : 0;
  return <ElapsedContext.Provider value={ms}>{children}</ElapsedContext.Provider>;
}

/** A duration of the current snapshot, ticking with the database clock. */
export function Duration({ ms }: { ms: number | null }) {
  const elapsed = useContext(ElapsedContext);
  return <>{formatDuration(ms === null ? null : ms + elapsed)}</>;
}
