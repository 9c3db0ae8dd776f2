// The sampler of a configured cluster, created on first use with its pool.
import 'server-only';
import type { ClusterConfig } from '@/lib/config/schema';
import { poolFor, warmPool } from '@/lib/pg/pools';
import { samplerFor, type ClusterSampler } from './sampler';

export function clusterSampler(cluster: ClusterConfig): ClusterSampler {
  const pool = poolFor(cluster);
  const sampler = samplerFor(cluster, pool);
  void warmPool(pool);
  return sampler;
}
