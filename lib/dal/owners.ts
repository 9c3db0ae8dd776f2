// Live sessions grouped by owner (user, application, client address or database), for viewers and up.
import 'server-only';
import { z } from 'zod';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { groupSessions, ownerDimensionSchema, type OwnersPage } from '@/lib/types/owners';
import type { Result } from '@/lib/types/result';
import { clusterIdSchema, guarded } from './guard';

export const ownersInput = z.object({ clusterId: clusterIdSchema, by: ownerDimensionSchema });

export function listOwners(input: unknown): Promise<Result<OwnersPage>> {
  return guarded('viewer', ownersInput, input, async ({ by }, { cluster }) => {
    const { sessions, ...snapshot } = await clusterSampler(cluster).read();
    return { ok: true, data: { snapshot, by, groups: groupSessions(sessions, by) } };
  });
}
