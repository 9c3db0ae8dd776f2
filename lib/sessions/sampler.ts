// One sampler per cluster: a single pg_stat_activity query per interval, whatever the number of viewers.
import 'server-only';
import type pg from 'pg';
import type { ClusterConfig } from '@/lib/config/schema';
import { stateRoleOf, warmPool } from '@/lib/pg/pools';
import { runQuery } from '@/lib/pg/query';
import { probeServer, type ServerInfo } from '@/lib/pg/server-info';
import { describePgError } from '@/lib/pg/errors';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { DbTimestampCache } from '@/lib/model/db-time-cache';
import { metrics } from '@/lib/metrics/registry';
import type { SessionsSnapshot } from '@/lib/types/session';
import { buildActivitySql, oldestXminOf, toSessionRow, type ActivityRecord } from './activity-sql';

export const MIN_INTERVAL_MS = 1000;
const VIEWER_MEMORY_MS = 15_000;

export interface SampleListener {
  (snapshot: SessionsSnapshot): void | Promise<void>;
}

export interface SamplerStats {
  queries: number;
  lastIntervalMs: number;
}

export class ClusterSampler {
  private snapshot: SessionsSnapshot;
  private lastGoodAt = 0;
  private server: ServerInfo | null = null;
  private sql: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight = false;
  private first: Promise<void> | null = null;
  private viewerIntervals = new Map<number, number>();
  private viewerListeners: SampleListener[] = [];
  private listeners: SampleListener[] = [];
  private readonly timestamps = new DbTimestampCache();
  readonly stats: SamplerStats = { queries: 0, lastIntervalMs: 0 };

  constructor(
    private readonly cluster: ClusterConfig,
    private readonly pool: pg.Pool,
  ) {
    this.snapshot = {
      clusterId: cluster.id,
      snapshotId: 0,
      takenAt: null,
      sessions: [],
      serverVersion: null,
      privileges: null,
      error: null,
      sampleMs: null,
      ageMs: null,
    };
  }

  /** Latest snapshot; a viewer says how fresh it wants data, which may shorten the interval. */
  async read(wantedIntervalMs = this.cluster.sampleIntervalMs): Promise<SessionsSnapshot> {
    this.want(wantedIntervalMs);
    if (this.first) await this.first;
    return { ...this.snapshot, ageMs: this.lastGoodAt ? Date.now() - this.lastGoodAt : null };
  }

  /** A viewer (a poll, or a stream at each snapshot) asks for data this fresh; keeps the sampler running. */
  want(wantedIntervalMs = this.cluster.sampleIntervalMs): void {
    this.viewerIntervals.set(Math.max(MIN_INTERVAL_MS, wantedIntervalMs), Date.now());
    this.start();
  }

  /** Background work on each snapshot (history, alerts, fleet, metrics); returns the function that removes it again. */
  onSample(listener: SampleListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }

  /**
   * Work that viewers wait for (the live streams): called before the background listeners, whose passes over every
   * row would otherwise delay each viewer's update.
   */
  onSampleForViewers(listener: SampleListener): () => void {
    this.viewerListeners.push(listener);
    return () => {
      this.viewerListeners = this.viewerListeners.filter((candidate) => candidate !== listener);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.first = this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The interval asked for by viewers seen recently, else the cluster's own. */
  intervalMs(): number {
    const now = Date.now();
    let wanted = this.cluster.sampleIntervalMs;
    for (const [interval, seenAt] of this.viewerIntervals) {
      if (now - seenAt > VIEWER_MEMORY_MS) this.viewerIntervals.delete(interval);
      else wanted = Math.min(wanted, interval);
    }
    return wanted;
  }

  /** Samples again now (after a signal) unless a sample is already on its way; still one query in flight. */
  refreshSoon(): void {
    if (!this.running || this.inFlight) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.tick();
  }

  private async tick(): Promise<void> {
    const started = performance.now();
    this.inFlight = true;
    try {
      await this.sampleOnce();
    } finally {
      this.inFlight = false;
    }
    const took = performance.now() - started;
    // Back off when sampling costs more than a quarter of the interval.
    const interval = Math.max(this.intervalMs(), took * 4);
    this.stats.lastIntervalMs = interval;
    if (this.running) this.timer = setTimeout(() => void this.tick(), Math.max(0, interval - took));
  }

  private async sampleOnce(): Promise<void> {
    const started = performance.now();
    try {
      if (!this.server || !this.sql) {
        this.server = await probeServer(this.pool);
        this.sql = buildActivitySql(this.server.activityColumns);
      }
      this.stats.queries++;
      const queryStarted = performance.now();
      const { rows } = await runQuery<ActivityRecord>(this.pool, this.sql, [stateRoleOf(this.pool)]);
      const rowsStarted = performance.now();
      // Back after an outage: reopen the spare connection now, before the cluster can fill up again.
      if (this.snapshot.error) void warmPool(this.pool);
      this.lastGoodAt = Date.now();
      const takenAt = rows[0]?.taken_at ?? null;
      const takenAtMs = parseDbTimestamp(takenAt);
      const read = (text: string | null) => this.timestamps.read(text);
      const sessions = rows.map((row) => toSessionRow(row, takenAtMs, read));
      this.timestamps.nextSample();
      const stage = metrics().liveStage;
      stage.observe({ cluster: this.cluster.id, stage: 'query' }, (rowsStarted - queryStarted) / 1000);
      stage.observe({ cluster: this.cluster.id, stage: 'rows' }, (performance.now() - rowsStarted) / 1000);
      this.snapshot = {
        clusterId: this.cluster.id,
        snapshotId: this.snapshot.snapshotId + 1,
        takenAt,
        sessions,
        serverVersion: this.server.version,
        privileges: this.server.privileges,
        maxConnections: this.server.maxConnections,
        error: null,
        oldestXmin: oldestXminOf(rows),
        sampleMs: performance.now() - started,
        ageMs: 0,
      };
    } catch (error) {
      // A restarted server may be another version: probe again once it is back.
      this.server = null;
      this.snapshot = {
        ...this.snapshot,
        snapshotId: this.snapshot.snapshotId + 1,
        ageMs: this.lastGoodAt ? Date.now() - this.lastGoodAt : null,
        error: { message: describePgError(error), since: this.snapshot.error?.since ?? new Date().toISOString() },
      };
    }
    const snapshot = this.snapshot;
    await notify(this.viewerListeners, snapshot);
    // Lets the streams' writes reach their sockets before the background work runs.
    if (this.viewerListeners.length > 0) await new Promise((resolve) => setImmediate(resolve));
    await notify(this.listeners, snapshot);
  }
}

async function notify(listeners: SampleListener[], snapshot: SessionsSnapshot): Promise<void> {
  for (const listener of listeners) {
    try {
      await listener(snapshot);
    } catch {
      // A listener (history writer) must never stop sampling; it reports its own errors.
    }
  }
}

interface SamplerRegistry {
  samplers: Map<string, ClusterSampler>;
}

const registry: SamplerRegistry = ((globalThis as { __pgwardenSamplers?: SamplerRegistry }).__pgwardenSamplers ??= {
  samplers: new Map(),
});

export function samplerFor(cluster: ClusterConfig, pool: pg.Pool): ClusterSampler {
  let sampler = registry.samplers.get(cluster.id);
  if (!sampler) {
    sampler = new ClusterSampler(cluster, pool);
    registry.samplers.set(cluster.id, sampler);
  }
  return sampler;
}

export function stopAllSamplers(): void {
  for (const sampler of registry.samplers.values()) sampler.stop();
  registry.samplers.clear();
}
