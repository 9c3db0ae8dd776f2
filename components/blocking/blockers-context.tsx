'use client';

// Which sessions others wait on, for the "blocking" badge in the sessions table (counted over all sessions).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { LockSummary } from '@/lib/types/blocking';

type Blocker = LockSummary['blockers'][number];

const BlockersContext = createContext<ReadonlyMap<number, Blocker>>(new Map());

export function BlockersProvider({ locks, children }: { locks: LockSummary | undefined; children: ReactNode }) {
  const byPid = useMemo(() => new Map((locks?.blockers ?? []).map((blocker) => [blocker.pid, blocker])), [locks]);
  return <BlockersContext.Provider value={byPid}>{children}</BlockersContext.Provider>;
}

export function BlockingBadge({ pid }: { pid: number }) {
  const blocker = useContext(BlockersContext).get(pid);
  if (!blocker) return null;
  const waiting = `${blocker.direct} ${blocker.direct === 1 ? 'session waits' : 'sessions wait'} on this one`;
  return (
    <span
      className="rounded bg-orange-700 px-1 text-xs text-white"
      title={blocker.root ? `${waiting}; it waits on nobody: a root blocker` : waiting}
      data-testid="blocking-badge"
    >
      {blocker.root ? 'root' : 'blocks'} {blocker.direct}
    </span>
  );
}
