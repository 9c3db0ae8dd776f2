import { describe, expect, it } from 'vitest';
import { sessionRow } from '@/test/session-row';
import { buildBlockingTree, summarizeLocks, type BlockingNode } from './blocking';

const waiting = (pid: number, blockedBy: number[], stateAgeMs = 1000) =>
  sessionRow({ pid, blockedBy, stateAgeMs, waitEventType: 'Lock', waitEvent: 'transactionid' });

/** The tree as nested pids; waiters drawn elsewhere are marked *, waiters closing a cycle ~. */
function shape(node: BlockingNode): unknown {
  const children = [
    ...node.children.map(shape),
    ...node.alsoBlocks.map((pid) => `${pid}*`),
    ...node.cycleWith.map((pid) => `${pid}~`),
  ];
  return children.length ? { [node.pid]: children } : String(node.pid);
}

describe('buildBlockingTree', () => {
  it('is empty when nobody waits', () => {
    expect(buildBlockingTree([sessionRow({ pid: 1 }), sessionRow({ pid: 2 })])).toEqual({ roots: [], waiting: 0 });
  });

  it('draws a chain under its root and counts direct and total waiters', () => {
    const rows = [
      sessionRow({ pid: 1, state: 'idle in transaction', xactAgeMs: 90_000 }),
      waiting(2, [1], 5000),
      waiting(3, [2], 3000),
      sessionRow({ pid: 10 }),
      waiting(11, [10], 700),
      waiting(12, [10], 800),
    ];
    const tree = buildBlockingTree(rows);
    expect(tree.waiting).toBe(4);
    expect(
      tree.roots.map((root) => [root.node.pid, root.direct, root.total, root.longestWaitMs, root.inCycle]),
    ).toEqual([
      [1, 1, 2, 5000, false],
      [10, 2, 2, 800, false],
    ]);
    expect(shape(tree.roots[0]!.node)).toEqual({ 1: [{ 2: ['3'] }] });
    // Waiters are ordered longest wait first.
    expect(shape(tree.roots[1]!.node)).toEqual({ 10: ['12', '11'] });
    expect(tree.roots[0]!.node.session?.state).toBe('idle in transaction');
  });

  it('draws a waiter with two blockers under each, counted once per root', () => {
    const rows = [sessionRow({ pid: 1 }), sessionRow({ pid: 2 }), waiting(3, [1, 2]), waiting(4, [3])];
    const tree = buildBlockingTree(rows);
    expect(tree.waiting).toBe(2);
    expect(tree.roots.map((root) => [root.node.pid, root.direct, root.total])).toEqual([
      [1, 1, 2],
      [2, 1, 2],
    ]);
    expect(shape(tree.roots[0]!.node)).toEqual({ 1: [{ 3: ['4'] }] });
    expect(shape(tree.roots[1]!.node)).toEqual({ 2: [{ 3: ['4'] }] });
  });

  it('expands a session reached twice under the same root only once', () => {
    // A lock queue: 3 waits on 1 and 2; 2 waits on 1.
    const rows = [sessionRow({ pid: 1 }), waiting(2, [1]), waiting(3, [1, 2]), waiting(4, [3])];
    const [root] = buildBlockingTree(rows).roots;
    expect(root).toMatchObject({ direct: 2, total: 3 });
    const flat = JSON.stringify(shape(root!.node));
    expect(flat.match(/"4"/g)).toHaveLength(1);
    expect(flat).toContain('3*');
  });

  it('stays linear on a long queue where everyone waits on everyone ahead', () => {
    const rows = [sessionRow({ pid: 1 })];
    for (let pid = 2; pid <= 60; pid++)
      rows.push(
        waiting(
          pid,
          Array.from({ length: pid - 1 }, (_, i) => i + 1),
        ),
      );
    const [root] = buildBlockingTree(rows).roots;
    expect(root).toMatchObject({ direct: 59, total: 59 });
    expect(JSON.stringify(root).length).toBeLessThan(100_000);
  });

  it('shows a cycle once, with a root picked on the cycle and the others marked', () => {
    const rows = [waiting(5, [6]), waiting(6, [5]), waiting(7, [6])];
    const tree = buildBlockingTree(rows);
    expect(tree.roots).toHaveLength(1);
    const [root] = tree.roots;
    expect(root).toMatchObject({ inCycle: true, total: 2 });
    expect(root!.node.pid === 5 || root!.node.pid === 6).toBe(true);
    expect(JSON.stringify(shape(root!.node))).toMatch(/~/);
  });

  it('keeps a blocker that is not in the snapshot as a root without a session', () => {
    const tree = buildBlockingTree([waiting(8, [0]), waiting(9, [8, 8])]);
    expect(tree.roots).toHaveLength(1);
    expect(tree.roots[0]).toMatchObject({ direct: 1, total: 2, node: { pid: 0, session: null } });
  });
});

describe('summarizeLocks', () => {
  it('counts waiters and roots and lists every blocker', () => {
    const rows = [sessionRow({ pid: 1 }), waiting(2, [1]), waiting(3, [2]), waiting(4, [2])];
    expect(summarizeLocks(rows)).toEqual({
      waiting: 3,
      roots: 1,
      blockers: [
        { pid: 1, direct: 1, root: true },
        { pid: 2, direct: 2, root: false },
      ],
    });
  });
});
