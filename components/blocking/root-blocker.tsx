// A root blocker: what it is doing (often idle in transaction), how many it holds up, and its waiters.
import { StateBadge } from '@/components/sessions/state-badge';
import type { BlockingRoot } from '@/lib/types/blocking';
import type { SessionRow } from '@/lib/types/session';
import { formatDuration } from '@/lib/types/session-view';
import { SessionIdentity } from './session-line';
import { WaiterTree } from './waiter-tree';

interface Props {
  root: BlockingRoot;
  /** Set for operators and admins: opens the confirmation dialog. */
  onTerminate?: (session: SessionRow) => void;
}

function Age({ label, ms }: { label: string; ms: number | null }) {
  return (
    <span>
      {label} <strong className="tabular-nums">{formatDuration(ms) || '—'}</strong>
    </span>
  );
}

function queryLabel(session: SessionRow): string {
  if (session.state === 'active') return 'Running query';
  return session.xactStart ? 'Last query (finished; its transaction is still open)' : 'Last query';
}

export function RootBlocker({ root, onTerminate }: Props) {
  const { node } = root;
  const session = node.session;
  const running = session?.state === 'active';
  return (
    <section
      className="rounded border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="blocking-root"
      data-pid={node.pid}
      data-direct={root.direct}
      data-total={root.total}
      aria-label={`Root blocker ${node.pid}`}
    >
      <header className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 className="font-semibold">
          {root.inCycle ? 'Lock cycle at' : 'Root blocker'} <span className="tabular-nums">{node.pid}</span>
        </h2>
        {session ? (
          <>
            <SessionIdentity session={session} />
            <StateBadge row={session} />
          </>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">
            not in the snapshot (a prepared transaction, or a backend that just ended)
          </span>
        )}
        {onTerminate && session && (
          <button
            type="button"
            onClick={() => onTerminate(session)}
            className="ml-auto rounded border border-red-600 px-3 py-1 text-sm text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
            data-testid="terminate-root-blocker"
          >
            Terminate root blocker
          </button>
        )}
      </header>
      <p className="mt-1 flex flex-wrap gap-x-4 text-sm" data-testid="blocking-root-counts">
        <span>
          Holds up <strong>{root.direct}</strong> directly, <strong>{root.total}</strong> in total
        </span>
        <Age label="longest wait" ms={root.longestWaitMs} />
        {session && <Age label="transaction age" ms={session.xactAgeMs} />}
        {session && <Age label={`${session.state ?? 'state'} for`} ms={session.stateAgeMs} />}
        {running && session && <Age label="query age" ms={session.queryAgeMs} />}
      </p>
      {session && (
        <div className="mt-2">
          <span className="text-xs text-zinc-600 dark:text-zinc-400">{queryLabel(session)}</span>
          <pre
            className="line-clamp-3 whitespace-pre-wrap break-words rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-900"
            data-testid="blocking-root-query"
          >
            {session.query ?? '(not visible to pgwarden’s role)'}
          </pre>
        </div>
      )}
      <div className="mt-2">
        <WaiterTree node={node} />
      </div>
    </section>
  );
}
