// Reads that only /api/v1 needs: one session by pid, and the clusters the caller holds a role on.
import 'server-only';
import { z } from 'zod';
import { roleFor, visibleClusters } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import type { RoleName } from '@/lib/config/schema';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';
import { failure, type Result } from '@/lib/types/result';
import { clusterIdSchema, guarded, guardStats, identifyAndParse } from './guard';
import { readSnapshot } from './snapshot';

const sessionInput = z.object({
  clusterId: clusterIdSchema,
  pid: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});

export function getSession(
  input: unknown,
): Promise<Result<{ snapshot: Omit<SessionsSnapshot, 'sessions'>; session: SessionRow }>> {
  return guarded('viewer', sessionInput, input, async ({ pid }, caller) => {
    const { sessions, ...snapshot } = await readSnapshot(caller);
    const session = sessions.find((row) => row.pid === pid);
    if (!session) {
      return failure(
        'not_found',
        `No session with pid ${pid} on ${caller.cluster.id} in the latest sample: it may have ended. List the sessions again.`,
      );
    }
    return { ok: true, data: { snapshot, session } };
  });
}

export async function listMyClusters(): Promise<Result<{ clusters: { id: string; name: string; role: RoleName }[] }>> {
  const known = await identifyAndParse(z.unknown(), undefined);
  if (!known.ok) {
    guardStats.refused++;
    return known.failure;
  }
  const config = getConfig();
  const clusters = visibleClusters(config, known.identity).map((cluster) => ({
    id: cluster.id,
    name: cluster.name ?? cluster.id,
    role: roleFor(config, known.identity, cluster.id)!,
  }));
  if (clusters.length === 0) {
    guardStats.refused++;
    return failure('forbidden', `${known.identity.email} has no role on any cluster. Ask an admin for one.`);
  }
  guardStats.admitted++;
  return { ok: true, data: { clusters } };
}
