// Who may open a page: sends the signed-out to sign-in (coming back to the same URL) and the unmapped to /denied.
import 'server-only';
import { redirect, notFound } from 'next/navigation';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig, RoleName } from '@/lib/config/schema';
import { roleFor, visibleClusters, type Identity } from '@/lib/auth/roles';
import { signInPathFor } from '@/lib/auth/safe-return-path';
import { currentIdentity } from './caller';

export interface PageAccess {
  identity: Identity;
  role: RoleName;
  cluster: ClusterConfig;
  clusters: { id: string; name: string }[];
}

export async function requireIdentity(returnTo: string): Promise<Identity> {
  const identity = await currentIdentity();
  if (!identity) redirect(signInPathFor(returnTo));
  return identity;
}

export async function requireClusterPage(clusterId: string | null, returnTo: string): Promise<PageAccess> {
  const identity = await requireIdentity(returnTo);
  const config = getConfig();
  const clusters = visibleClusters(config, identity);
  if (clusters.length === 0) redirect('/denied');
  const cluster = clusterId ? clusters.find((candidate) => candidate.id === clusterId) : clusters[0];
  if (!cluster) {
    if (config.clusters.some((candidate) => candidate.id === clusterId)) redirect('/denied');
    notFound();
  }
  return {
    identity,
    role: roleFor(config, identity, cluster.id) ?? 'viewer',
    cluster,
    clusters: clusters.map((candidate) => ({ id: candidate.id, name: candidate.name ?? candidate.id })),
  };
}
