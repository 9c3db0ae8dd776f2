// Starts, once per process, an alert evaluator on every configured cluster's sampler. Every instance samples; only
// the cluster's leader (lib/leader) evaluates, so several instances open, resolve and notify each alert once.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { isLeader } from '@/lib/leader/cluster-leader';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import type { ClusterSampler } from '@/lib/sessions/sampler';
import { statePool } from '@/lib/state/state-db';
import { alertRulesFor } from './alert-conditions';
import { AlertEvaluator } from './alert-evaluator';

interface EvaluatorRegistry {
  evaluators: Map<string, AlertEvaluator>;
}

// On globalThis, like the samplers: a second call (hot reload, another bundle) must not add a second evaluator.
const registry: EvaluatorRegistry = ((
  globalThis as { __pgwardenAlertEvaluators?: EvaluatorRegistry }
).__pgwardenAlertEvaluators ??= { evaluators: new Map() });

export function alertEvaluatorFor(cluster: ClusterConfig): AlertEvaluator {
  let evaluator = registry.evaluators.get(cluster.id);
  if (!evaluator) {
    const sampler = clusterSampler(cluster);
    const created = new AlertEvaluator({
      cluster,
      rules: () => {
        const config = getConfig();
        return alertRulesFor(config, config.clusters.find((candidate) => candidate.id === cluster.id) ?? cluster);
      },
      retentionDays: () => getConfig().historyRetentionDays,
      statePool,
    });
    evaluator = created;
    registry.evaluators.set(cluster.id, created);
    evaluateOnLeader(sampler, created, () => isLeader(cluster.id));
  }
  return evaluator;
}

/** Hands each snapshot to the evaluator while this instance leads the cluster; otherwise it only forgets. */
export function evaluateOnLeader(sampler: ClusterSampler, evaluator: AlertEvaluator, leads: () => boolean): () => void {
  return sampler.onSample((snapshot) => (leads() ? evaluator.listener(snapshot) : evaluator.follow()));
}

/** Call after startHistoryRecording (which starts the leader election and the samplers). */
export function startAlerting(): void {
  for (const cluster of getConfig().clusters) alertEvaluatorFor(cluster);
}

/** Forgets the evaluators (tests; the samplers are stopped with stopAllSamplers). */
export function forgetAlertEvaluators(): void {
  registry.evaluators.clear();
}
