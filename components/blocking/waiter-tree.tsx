// The sessions a blocker holds up, nested under it; a session waiting on several is drawn once, then referred to.
import type { BlockingNode } from '@/lib/types/blocking';
import { WaiterLine } from './session-line';

export function WaiterTree({ node }: { node: BlockingNode }) {
  if (node.children.length === 0 && node.alsoBlocks.length === 0 && node.cycleWith.length === 0) return null;
  return (
    <ul className="ml-4 border-l border-zinc-300 pl-3 dark:border-zinc-700">
      {node.children.map((child) => (
        <li key={child.pid} className="py-0.5 text-sm" data-testid="blocking-waiter" data-pid={child.pid}>
          <span className="flex gap-1">
            <span aria-hidden className="text-zinc-400">
              ↳
            </span>
            {child.session ? <WaiterLine session={child.session} /> : <strong>{child.pid}</strong>}
          </span>
          <WaiterTree node={child} />
        </li>
      ))}
      {node.alsoBlocks.length > 0 && (
        <li className="py-0.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="blocking-also">
          ↳ also holds up {node.alsoBlocks.join(', ')} (drawn above: they wait on more than one session)
        </li>
      )}
      {node.cycleWith.length > 0 && (
        <li className="py-0.5 text-xs font-medium text-red-700 dark:text-red-400" data-testid="blocking-cycle">
          ↳ and {node.cycleWith.join(', ')} above waits on it: a lock cycle
        </li>
      )}
    </ul>
  );
}
