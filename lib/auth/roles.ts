// Maps a signed-in identity to its role on a cluster, from the config, on every request (default deny).
import type { PgwardenConfig, RoleName } from '@/lib/config/schema';

export interface Identity {
  email: string;
  name: string | null;
  groups: string[];
  provider: string;
  /** Set when the caller used a service token: its role and clusters come from the token, not from the grants. */
  token?: TokenGrant;
}

export interface TokenGrant {
  id: string;
  name: string;
  role: RoleName;
  /** Cluster ids, or ['*'] for every configured cluster. */
  clusters: string[];
  /** Who created the token (an email, or token:<name> when an admin token created it). */
  createdBy: string;
}

const rank: Record<RoleName, number> = { viewer: 1, operator: 2, admin: 3 };

export function roleAtLeast(role: RoleName | null, needed: RoleName): role is RoleName {
  return role !== null && rank[role] >= rank[needed];
}

function grantMatches(grant: PgwardenConfig['auth']['roles'][number], identity: Identity): boolean {
  const email = identity.email.toLowerCase();
  if (grant.email) return grant.email.toLowerCase() === email;
  if (grant.domain) return email.endsWith(`@${grant.domain.toLowerCase().replace(/^@/, '')}`);
  if (grant.group) return identity.groups.includes(grant.group);
  return false;
}

/** The highest role any matching grant gives on this cluster, or null. */
export function roleFor(config: PgwardenConfig, identity: Identity, clusterId: string): RoleName | null {
  if (identity.token) {
    const { clusters, role } = identity.token;
    return clusters.includes('*') || clusters.includes(clusterId) ? role : null;
  }
  let best: RoleName | null = null;
  for (const grant of config.auth.roles) {
    const coversCluster = grant.clusters.includes('*') || grant.clusters.includes(clusterId);
    if (coversCluster && grantMatches(grant, identity) && !roleAtLeast(best, grant.role)) best = grant.role;
  }
  return best;
}

/** Clusters the identity may at least view, in config order. */
export function visibleClusters(config: PgwardenConfig, identity: Identity) {
  return config.clusters.filter((cluster) => roleFor(config, identity, cluster.id) !== null);
}
