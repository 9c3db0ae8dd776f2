// Listens to every configured cluster's sampler, once per process: metrics and readiness come from its snapshots.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import { noteSample } from '@/lib/health/last-samples';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { recordClusterSample } from './cluster-metrics';

const holder = globalThis as { __pgwardenWatchedSamplers?: Set<string> };
const watched = (holder.__pgwardenWatchedSamplers ??= new Set());

export function watchSamplers(): void {
  for (const cluster of getConfig().clusters) {
    if (watched.has(cluster.id)) continue;
    watched.add(cluster.id);
    const sampler = clusterSampler(cluster);
    sampler.onSample((snapshot) => {
      noteSample(snapshot);
      recordClusterSample(snapshot);
    });
  }
}

/** Forgets which samplers are watched (tests, after stopAllSamplers). */
export function forgetWatchedSamplers(): void {
  watched.clear();
}
