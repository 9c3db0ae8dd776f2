// The sampler of a configured cluster, created on first use with its pool.
import 'server-only';
import type { ClusterConfig } from '@/lib/config/schema';
import { poolFor, warmPool } from '@/lib/pg/pools';
import { samplerFor, type ClusterSampler } from './sampler';

const warmed = new WeakSet<object>();

export function clusterSampler(cluster: ClusterConfig): ClusterSampler {
  const pool = poolFor(cluster);
  if (!warmed.has(pool)) {
    warmed.add(pool);
    void warmPool(pool);
  }
  return samplerFor(cluster, pool);
}
