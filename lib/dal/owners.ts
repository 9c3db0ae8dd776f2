// Live sessions grouped by owner (user, application, client address, database or team), for viewers and up.
import 'server-only';
import { z } from 'zod';
import { ownerDirectory } from '@/lib/owners/owner-directory';
import { groupSessions, ownerDimensionSchema, type OwnersPage } from '@/lib/types/owners';
import type { Result } from '@/lib/types/result';
import { clusterIdSchema, guarded } from './guard';
import { readSnapshot } from './snapshot';

export const ownersInput = z.object({ clusterId: clusterIdSchema, by: ownerDimensionSchema });

export function listOwners(input: unknown): Promise<Result<OwnersPage>> {
  return guarded('viewer', ownersInput, input, async ({ by }, caller) => {
    const { sessions, ...snapshot } = await readSnapshot(caller);
    const page: OwnersPage = { snapshot, by, groups: groupSessions(sessions, by) };
    if (by === 'team') {
      page.contacts = Object.fromEntries(ownerDirectory(caller.config.owners).teams.map((t) => [t.team, t.contact]));
    }
    return { ok: true, data: page };
  });
}
