// Starts, once per process, a sampler and a history writer for every configured cluster, so that history is
// recorded even when nobody has the console open. Called from instrumentation.ts at server start. Every instance
// samples; only the cluster's leader (lib/leader) writes, so several instances record each run once.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { isLeader, startClusterLeadership, stopClusterLeadership } from '@/lib/leader/cluster-leader';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { statePool } from '@/lib/state/state-db';
import { HistoryWriter } from './history-writer';

interface WriterRegistry {
  writers: Map<string, HistoryWriter>;
}

// On globalThis, like the samplers: a second call (hot reload, another bundle) must not add a second writer.
const registry: WriterRegistry = ((
  globalThis as { __pgwardenHistoryWriters?: WriterRegistry }
).__pgwardenHistoryWriters ??= {
  writers: new Map(),
});

export function historyWriterFor(cluster: ClusterConfig, retentionDays: number): HistoryWriter {
  let writer = registry.writers.get(cluster.id);
  if (!writer) {
    writer = new HistoryWriter({ cluster, retentionDays, statePool });
    registry.writers.set(cluster.id, writer);
    const listener = writer.listener;
    clusterSampler(cluster).onSample((snapshot) => (isLeader(cluster.id) ? listener(snapshot) : undefined));
  }
  return writer;
}

export function startHistoryRecording(): void {
  const config = getConfig();
  startClusterLeadership(config);
  for (const cluster of config.clusters) {
    historyWriterFor(cluster, config.historyRetentionDays);
    clusterSampler(cluster).start();
  }
}

/** Forgets the writers and gives up leadership (tests; the samplers are stopped with stopAllSamplers). */
export async function forgetHistoryWriters(): Promise<void> {
  registry.writers.clear();
  await stopClusterLeadership();
}
