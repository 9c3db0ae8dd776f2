// The fleet overview's state, once per process: each cluster's line is recomputed when its sampler takes a snapshot,
// its connection limits are probed every few minutes (not per viewer), and the answer to a viewer is encoded at most
// once per fleet change and set of visible clusters. Opening the overview sends no query to any cluster.
import 'server-only';
import { createHash } from 'node:crypto';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { probeConnectionSettings } from '@/lib/pg/connection-settings';
import { describePgError } from '@/lib/pg/errors';
import { poolFor } from '@/lib/pg/pools';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { forgetOpenAlertCounts, openAlertsOn, refreshOpenAlertCounts } from './open-alert-counts';
import type { SessionsSnapshot } from '@/lib/types/session';
import {
  rankClusters,
  summarizeCluster,
  type ClusterOverview,
  type ConnectionSettings,
} from '@/lib/model/fleet-overview';

/** How often each cluster's connection limits are read again (they change only with a reload or a restart). */
export const SETTINGS_PROBE_MS = 5 * 60_000;
/** Encoded answers kept, one per distinct set of visible clusters (least recently asked dropped first). */
const MAX_ENCODED = 64;

interface ClusterEntry {
  cluster: ClusterConfig;
  snapshot: SessionsSnapshot | null;
  settings: ConnectionSettings | null;
  settingsAt: number;
  probing: boolean;
  overview: ClusterOverview;
  json: string;
}

export interface EncodedFleet {
  version: number;
  etag: string;
  json: Buffer;
}

export interface FleetStats {
  /** Answers built (sort + join); one per fleet change per set of visible clusters while someone looks. */
  encodes: number;
  served: number;
  settingsProbes: number;
}

interface FleetRegistry {
  entries: Map<string, ClusterEntry>;
  version: number;
  encoded: Map<string, EncodedFleet>;
  stats: FleetStats;
}

// On globalThis: the samplers' listeners run in the instrumentation bundle, the overview route in a route bundle.
const registry: FleetRegistry = ((globalThis as { __pgwardenFleet?: FleetRegistry }).__pgwardenFleet ??= {
  entries: new Map(),
  version: 0,
  encoded: new Map(),
  stats: { encodes: 0, served: 0, settingsProbes: 0 },
});

export const fleetStats: FleetStats = registry.stats;

function recompute(entry: ClusterEntry): void {
  const { cluster, snapshot, settings } = entry;
  entry.overview = summarizeCluster({
    id: cluster.id,
    name: cluster.name ?? cluster.id,
    snapshot,
    settings,
    ageMs: snapshot?.ageMs ?? null,
    openAlerts: openAlertsOn(cluster.id),
  });
  entry.json = JSON.stringify(entry.overview);
  registry.version++;
}

function recomputeAll(): void {
  for (const entry of registry.entries.values()) recompute(entry);
}

async function probeSettings(entry: ClusterEntry): Promise<void> {
  entry.probing = true;
  registry.stats.settingsProbes++;
  try {
    entry.settings = await probeConnectionSettings(poolFor(entry.cluster));
    entry.settingsAt = Date.now();
    recompute(entry);
  } catch (error) {
    // Tried again at the next good snapshot; the card shows the last limits read meanwhile.
    log.debug(
      { event: 'connection_settings_probe_failed', cluster: entry.cluster.id, error: describePgError(error) },
      'could not read connection settings',
    );
  } finally {
    entry.probing = false;
  }
}

function noteSnapshot(entry: ClusterEntry, snapshot: SessionsSnapshot): void {
  const recovered = entry.snapshot?.error != null && snapshot.error === null;
  entry.snapshot = snapshot;
  recompute(entry);
  refreshOpenAlertCounts(recomputeAll);
  const due = !entry.settings || recovered || Date.now() - entry.settingsAt >= SETTINGS_PROBE_MS;
  // After a good sample only, so a cluster that cannot be reached costs no second connection attempt.
  if (due && !entry.probing && snapshot.error === null) void probeSettings(entry);
}

/** Listens to every configured cluster's sampler; idempotent (instrumentation calls it, the first request too). */
export function startFleetOverview(): void {
  for (const cluster of getConfig().clusters) {
    if (registry.entries.has(cluster.id)) continue;
    const entry: ClusterEntry = {
      cluster,
      snapshot: null,
      settings: null,
      settingsAt: 0,
      probing: false,
      overview: summarizeCluster({
        id: cluster.id,
        name: cluster.name ?? cluster.id,
        snapshot: null,
        settings: null,
        ageMs: null,
        openAlerts: null,
      }),
      json: '',
    };
    entry.json = JSON.stringify(entry.overview);
    registry.entries.set(cluster.id, entry);
    const sampler = clusterSampler(cluster);
    sampler.onSample((snapshot) => noteSnapshot(entry, snapshot));
    sampler.start();
  }
}

/** The overview lines of these clusters, worst first (the page's first paint). */
export function fleetOverviewOf(clusterIds: string[]): { version: number; clusters: ClusterOverview[] } {
  startFleetOverview();
  const overviews = clusterIds.flatMap((id) => {
    const entry = registry.entries.get(id);
    return entry ? [entry.overview] : [];
  });
  return { version: registry.version, clusters: rankClusters(overviews) };
}

/** `{"ok":true,"data":FleetOverview}` for these clusters, built at most once per fleet change and set of clusters. */
export function encodedFleetOverview(clusterIds: string[]): EncodedFleet {
  startFleetOverview();
  registry.stats.served++;
  const key = clusterIds.join(',');
  const cached = registry.encoded.get(key);
  if (cached?.version === registry.version) {
    registry.encoded.delete(key);
    registry.encoded.set(key, cached);
    return cached;
  }
  registry.stats.encodes++;
  const version = registry.version;
  const entries = clusterIds.flatMap((id) => {
    const entry = registry.entries.get(id);
    return entry ? [entry] : [];
  });
  const jsonById = new Map(entries.map((entry) => [entry.cluster.id, entry.json]));
  const ranked = rankClusters(entries.map((entry) => entry.overview));
  const body = `{"ok":true,"data":{"version":${version},"clusters":[${ranked.map((overview) => jsonById.get(overview.id)).join(',')}]}}`;
  const etag = `"fleet-${version}-${createHash('sha1').update(key).digest('base64url').slice(0, 12)}"`;
  const encoded: EncodedFleet = { version, etag, json: Buffer.from(body) };
  registry.encoded.delete(key);
  registry.encoded.set(key, encoded);
  for (const old of registry.encoded.keys()) {
    if (registry.encoded.size <= MAX_ENCODED) break;
    registry.encoded.delete(old);
  }
  return encoded;
}

/** Forgets every cluster (tests, after stopAllSamplers). */
export function forgetFleetOverview(): void {
  registry.entries.clear();
  registry.encoded.clear();
  forgetOpenAlertCounts();
}
