// GET /api/ready: may this instance take traffic? Config and state database decide; clusters are only reported.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import type { PgwardenConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { statePool } from '@/lib/state/state-db';
import { lastSampleOf } from './last-samples';
import { checkStateDatabase, type StateDatabaseCheck } from './state-database-check';

export interface ClusterFreshness {
  /** A good sample in the last three sampling intervals (at least 10 s). */
  fresh: boolean;
  /** Seconds since the last good sample; null before the first one. */
  ageSeconds: number | null;
  /** The latest sample succeeded. */
  reachable: boolean;
}

export interface Readiness {
  ready: boolean;
  checks: {
    config: { ok: boolean };
    stateDatabase: StateDatabaseCheck;
    /** By cluster id. Not a gate: the console must stay up to say which cluster it cannot reach. */
    clusters: Record<string, ClusterFreshness>;
  };
}

const MIN_FRESH_MS = 10_000;

export function clusterFreshness(cluster: PgwardenConfig['clusters'][number], now = Date.now()): ClusterFreshness {
  const last = lastSampleOf(cluster.id);
  const ageMs = last?.lastGoodAt != null ? now - last.lastGoodAt : null;
  return {
    fresh: ageMs !== null && ageMs <= Math.max(3 * cluster.sampleIntervalMs, MIN_FRESH_MS),
    ageSeconds: ageMs === null ? null : Math.round(ageMs / 100) / 10,
    reachable: last?.reachable ?? false,
  };
}

let lastReady: boolean | null = null;

export async function checkReadiness(): Promise<Readiness> {
  let config: PgwardenConfig;
  try {
    config = getConfig();
  } catch {
    return {
      ready: false,
      checks: {
        config: { ok: false },
        stateDatabase: { ok: false, status: 'unavailable', reason: 'the configuration is not loaded' },
        clusters: {},
      },
    };
  }
  const stateDatabase = await checkStateDatabase(statePool);
  const clusters = Object.fromEntries(config.clusters.map((cluster) => [cluster.id, clusterFreshness(cluster)]));
  const ready = stateDatabase.ok;
  if (ready !== lastReady) {
    lastReady = ready;
    log.info({ event: 'readiness_changed', ready, stateDatabase }, ready ? 'ready' : 'not ready');
  }
  return { ready, checks: { config: { ok: true }, stateDatabase, clusters } };
}
