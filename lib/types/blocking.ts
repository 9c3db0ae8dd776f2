// Who blocks whom: lock waiters drawn as trees under the sessions that hold them up (pure; server and client).
import type { SessionRow, SessionsSnapshot } from './session';

export interface BlockingNode {
  pid: number;
  /** Null when the blocker is not in the snapshot (a prepared transaction, or a backend that just ended). */
  session: SessionRow | null;
  /** Waiters drawn here for the first time under this root. */
  children: BlockingNode[];
  /** Waiters already drawn elsewhere under this root (they wait on several sessions), by pid. */
  alsoBlocks: number[];
  /** Waiters that are this node's own ancestors: a lock cycle, by pid. */
  cycleWith: number[];
}

export interface BlockingRoot {
  node: BlockingNode;
  /** Sessions waiting on the root itself. */
  direct: number;
  /** Distinct sessions held up by the root, directly or down the chain. */
  total: number;
  /** The longest time in state (waiting) among those sessions, by the database clock. */
  longestWaitMs: number | null;
  /** Every session of this chain waits on another one: the root was picked to show a cycle. */
  inCycle: boolean;
}

export interface BlockingTree {
  /** Biggest pile-up first. */
  roots: BlockingRoot[];
  /** Distinct sessions waiting on a lock held by another session. */
  waiting: number;
}

/** What the sessions page needs for its banner and its "blocking" badges. */
export interface LockSummary {
  waiting: number;
  roots: number;
  /** Every session that others wait on, with how many wait on it directly. */
  blockers: { pid: number; direct: number; root: boolean }[];
}

export interface BlockingPage {
  snapshot: Omit<SessionsSnapshot, 'sessions'>;
  tree: BlockingTree;
}

interface LockGraph {
  byPid: Map<number, SessionRow>;
  /** blocker -> sessions waiting on it */
  waitersOf: Map<number, number[]>;
  /** waiter -> sessions it waits on */
  blockersOf: Map<number, number[]>;
}

function waitedMs(row: SessionRow | undefined): number {
  return row?.stateAgeMs ?? -1;
}

function lockGraph(rows: SessionRow[]): LockGraph {
  const waitersOf = new Map<number, number[]>();
  const blockersOf = new Map<number, number[]>();
  for (const row of rows) {
    if (row.blockedBy.length === 0) continue;
    // pg_blocking_pids may repeat a pid (parallel workers): count each blocker once.
    const blockers = [...new Set(row.blockedBy)].filter((pid) => pid !== row.pid);
    if (blockers.length === 0) continue;
    blockersOf.set(row.pid, blockers);
    for (const blocker of blockers) waitersOf.set(blocker, [...(waitersOf.get(blocker) ?? []), row.pid]);
  }
  // Only the sessions in a lock chain: this runs at every snapshot, over every session.
  const byPid = new Map<number, SessionRow>();
  if (blockersOf.size > 0) {
    for (const row of rows) if (blockersOf.has(row.pid) || waitersOf.has(row.pid)) byPid.set(row.pid, row);
  }
  for (const waiters of waitersOf.values()) {
    waiters.sort((a, b) => waitedMs(byPid.get(b)) - waitedMs(byPid.get(a)) || a - b);
  }
  return { byPid, waitersOf, blockersOf };
}

function expandRoot(graph: LockGraph, rootPid: number, inCycle: boolean): { root: BlockingRoot; shown: Set<number> } {
  const shown = new Set<number>([rootPid]);
  const ancestors = new Set<number>([rootPid]);
  // Each session is drawn once per root, so a queue where everyone waits on everyone ahead stays linear.
  const expand = (pid: number): BlockingNode => {
    const node: BlockingNode = {
      pid,
      session: graph.byPid.get(pid) ?? null,
      children: [],
      alsoBlocks: [],
      cycleWith: [],
    };
    for (const waiter of graph.waitersOf.get(pid) ?? []) {
      if (ancestors.has(waiter)) node.cycleWith.push(waiter);
      else if (shown.has(waiter)) node.alsoBlocks.push(waiter);
      else {
        shown.add(waiter);
        ancestors.add(waiter);
        node.children.push(expand(waiter));
        ancestors.delete(waiter);
      }
    }
    return node;
  };
  const node = expand(rootPid);
  let longest: number | null = null;
  for (const pid of shown) {
    const wait = graph.byPid.get(pid)?.stateAgeMs;
    if (pid !== rootPid && wait != null && (longest === null || wait > longest)) longest = wait;
  }
  const direct = (graph.waitersOf.get(rootPid) ?? []).filter((pid) => pid !== rootPid).length;
  return { root: { node, direct, total: shown.size - 1, longestWaitMs: longest, inCycle }, shown };
}

/** A session on a cycle upstream of `pid`: every unreached session has one, since nothing it waits on is a root. */
function cycleMember(graph: LockGraph, pid: number): number {
  const seen = new Set<number>();
  let current = pid;
  while (!seen.has(current)) {
    seen.add(current);
    current = graph.blockersOf.get(current)?.[0] ?? current;
  }
  return current;
}

/**
 * Roots are sessions that block others and wait on nobody. A waiter with several blockers is drawn under each
 * (and counted once per root). Sessions that only wait in a cycle get a root picked on that cycle.
 */
export function buildBlockingTree(rows: SessionRow[]): BlockingTree {
  return treeOf(lockGraph(rows));
}

function treeOf(graph: LockGraph): BlockingTree {
  const reached = new Set<number>();
  const roots: BlockingRoot[] = [];
  const add = (pid: number, inCycle: boolean) => {
    const { root, shown } = expandRoot(graph, pid, inCycle);
    roots.push(root);
    for (const seen of shown) reached.add(seen);
  };
  const blockers = [...graph.waitersOf.keys()].sort((a, b) => a - b);
  for (const pid of blockers) if (!graph.blockersOf.has(pid)) add(pid, false);
  for (const pid of blockers) if (!reached.has(pid)) add(cycleMember(graph, pid), true);
  roots.sort(
    (a, b) => b.total - a.total || (b.longestWaitMs ?? -1) - (a.longestWaitMs ?? -1) || a.node.pid - b.node.pid,
  );
  return { roots, waiting: graph.blockersOf.size };
}

export function summarizeLocks(rows: SessionRow[]): LockSummary {
  const graph = lockGraph(rows);
  if (graph.blockersOf.size === 0) return { waiting: 0, roots: 0, blockers: [] };
  const rootPids = new Set(treeOf(graph).roots.map((root) => root.node.pid));
  return {
    waiting: graph.blockersOf.size,
    roots: rootPids.size,
    blockers: [...graph.waitersOf].map(([pid, waiters]) => ({ pid, direct: waiters.length, root: rootPids.has(pid) })),
  };
}
