// Which clusters' audit entries a person may read: those they hold any role on (viewer and up), in config order.
import type { PgwardenConfig } from '@/lib/config/schema';
import { visibleClusters, type Identity } from '@/lib/auth/roles';
import { failure, type Result } from '@/lib/types/result';

/**
 * The cluster ids to read, narrowed to `clusterFilter` when one is asked for. Entries of clusters no longer in the
 * configuration are visible to nobody, as there is no role on them to check.
 */
export function auditScope(config: PgwardenConfig, identity: Identity, clusterFilter?: string): Result<string[]> {
  const visible = visibleClusters(config, identity).map((cluster) => cluster.id);
  if (visible.length === 0) {
    return failure(
      'forbidden',
      `${identity.email} has no role on any cluster. Ask an admin to add you to pgwarden's role mapping.`,
    );
  }
  if (clusterFilter === undefined) return { ok: true, data: visible };
  if (visible.includes(clusterFilter)) return { ok: true, data: [clusterFilter] };
  if (config.clusters.some((cluster) => cluster.id === clusterFilter)) {
    return failure('forbidden', `${identity.email} has no role on ${clusterFilter}, so its audit entries are hidden.`);
  }
  return failure('not_found', `There is no cluster "${clusterFilter}" in pgwarden's configuration.`);
}
