// Who blocks whom on a cluster, for viewers and up: built from the sampler's latest snapshot, no extra query.
import 'server-only';
import { z } from 'zod';
import { buildBlockingTree, type BlockingPage } from '@/lib/types/blocking';
import type { Result } from '@/lib/types/result';
import { clusterIdSchema, guarded } from './guard';
import { readSnapshot } from './snapshot';

export const blockingInput = z.object({ clusterId: clusterIdSchema });

export function getBlockingTree(input: unknown): Promise<Result<BlockingPage>> {
  return guarded('viewer', blockingInput, input, async (_parsed, caller) => {
    const { sessions, ...snapshot } = await readSnapshot(caller);
    return { ok: true, data: { snapshot, tree: buildBlockingTree(sessions) } };
  });
}
