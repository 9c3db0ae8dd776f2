// Turns a cluster's samples into long-query history; never holds up or stops sampling, whatever the state database does.
import 'server-only';
import type pg from 'pg';
import type { ClusterConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { NewestSampleQueue } from '@/lib/sessions/newest-sample-queue';
import type { SampleListener } from '@/lib/sessions/sampler';
import { stateWorkFailure } from '@/lib/state/state-db';
import type { SessionRow, SessionsSnapshot } from '@/lib/types/session';
import { deleteExpiredHistory, longRunning, markEnded, runKey, upsertRuns, type SeenRun } from './long-query-store';

export const RETRY_AFTER_MS = 30_000;
export const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** A running long query is written when it starts, when it ends, and at most this long apart in between. */
export const WRITE_EVERY_MS = 30_000;

/**
 * How often a running query is written again: WRITE_EVERY_MS, or the cluster's threshold when shorter, so a
 * running query's record lags it by no more than the age at which it was first recorded.
 */
export const writeEveryMs = (cluster: ClusterConfig) =>
  Math.min(WRITE_EVERY_MS, cluster.longQueryThresholdSeconds * 1000);

interface KnownRun extends SeenRun {
  /** Whether the latest sighting is written. */
  written: boolean;
}

export interface HistoryWriterOptions {
  cluster: ClusterConfig;
  retentionDays: number;
  /** The state database; may reject (not configured, down), and is asked again after RETRY_AFTER_MS. */
  statePool: () => Promise<pg.Pool>;
  log?: (line: string) => void;
}

export class HistoryWriter {
  private failing = false;
  private retryAt = 0;
  private lastRetention = 0;
  private readonly queue = new NewestSampleQueue((snapshot) => this.record(snapshot));
  /** Long runs seen in the last sample; null until the store is known to match them (start, after a failure). */
  private known: Map<string, KnownRun> | null = null;
  /** When the running queries were last written together (this process's clock). */
  private periodicAt = 0;

  constructor(private readonly options: HistoryWriterOptions) {}

  /** For ClusterSampler.onSample: returns at once; while a write is in flight only the newest snapshot waits. */
  readonly listener: SampleListener = this.queue.listener;

  /** Settles when no write is in flight (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Writes one sample; never throws. */
  async record(snapshot: SessionsSnapshot): Promise<void> {
    // Nothing is known about queries while the cluster cannot be reached: write nothing, end nothing.
    if (snapshot.error || !snapshot.takenAt || Date.now() < this.retryAt) return;
    const { cluster, retentionDays } = this.options;
    try {
      const pool = await this.options.statePool();
      await this.writeChanges(
        pool,
        snapshot.takenAt,
        longRunning(snapshot.sessions, cluster.longQueryThresholdSeconds),
      );
      if (Date.now() - this.lastRetention >= RETENTION_EVERY_MS) {
        this.lastRetention = Date.now();
        await deleteExpiredHistory(pool, retentionDays);
      }
      if (this.failing) this.log(`long-query history for cluster ${cluster.id} is recorded again.`);
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const reason = stateWorkFailure(error);
        this.log(
          `long-query history for cluster ${cluster.id} is not being recorded: ${reason}. ` +
            `Sampling goes on; retrying every ${RETRY_AFTER_MS / 1000}s.`,
        );
      }
      this.failing = true;
      this.known = null;
      this.retryAt = Date.now() + RETRY_AFTER_MS;
    }
  }

  /**
   * Work in proportion to change: new runs are upserted, ended runs get their last sighting written and are marked
   * ended, and every `writeEveryMs` the running ones are written together, in one statement (one clock for all, so
   * runs that started at different times do not each cost a statement at their own moment); a sample where nothing
   * started or ended, between those writes, writes nothing.
   */
  private async writeChanges(pool: pg.Pool, takenAt: string, long: SessionRow[]): Promise<void> {
    const clusterId = this.options.cluster.id;
    const now = Date.now();
    const due = now - this.periodicAt >= writeEveryMs(this.options.cluster);
    const before = this.known;
    const known = new Map<string, KnownRun>();
    const toWrite: KnownRun[] = [];
    for (const row of long) {
      const key = runKey(row);
      const run: KnownRun = { row, seenAt: takenAt, written: false };
      if (due || !before?.has(key)) toWrite.push(run);
      known.set(key, run);
    }
    const ended = before ? [...before].filter(([key]) => !known.has(key)).map(([, run]) => run) : [];
    await upsertRuns(pool, clusterId, [...toWrite, ...ended.filter((run) => !run.written)]);
    for (const run of toWrite) run.written = true;
    if (due) this.periodicAt = now;
    // At start the store may hold open runs this process never saw (a restart, another leader): end them too.
    if (!before || ended.length > 0) await markEnded(pool, clusterId, takenAt, long);
    this.known = known;
  }

  private log(line: string): void {
    (this.options.log ?? ((text: string) => log.warn({ event: 'history_not_recording' }, text)))(line);
  }
}
