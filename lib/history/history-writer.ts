// Turns a cluster's samples into long-query history; never holds up or stops sampling, whatever the state database does.
import 'server-only';
import type pg from 'pg';
import type { ClusterConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import type { SampleListener } from '@/lib/sessions/sampler';
import { StateDatabaseMissing } from '@/lib/state/state-db';
import type { SessionsSnapshot } from '@/lib/types/session';
import { deleteExpiredHistory, longRunning, recordSample } from './long-query-store';

export const RETRY_AFTER_MS = 30_000;
export const RETENTION_EVERY_MS = 60 * 60 * 1000;

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
  private running: Promise<void> | null = null;
  private pending: SessionsSnapshot | null = null;

  constructor(private readonly options: HistoryWriterOptions) {}

  /** For ClusterSampler.onSample: returns at once; while a write is in flight only the newest sample waits. */
  readonly listener: SampleListener = (snapshot) => {
    this.pending = snapshot;
    this.running ??= this.drain().finally(() => (this.running = null));
  };

  /** Settles when no write is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const snapshot = this.pending;
      this.pending = null;
      await this.record(snapshot);
    }
  }

  /** Writes one sample; never throws. */
  async record(snapshot: SessionsSnapshot): Promise<void> {
    // Nothing is known about queries while the cluster cannot be reached: write nothing, end nothing.
    if (snapshot.error || !snapshot.takenAt || Date.now() < this.retryAt) return;
    const { cluster, retentionDays } = this.options;
    try {
      const pool = await this.options.statePool();
      await recordSample(
        pool,
        cluster.id,
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
        const reason =
          error instanceof StateDatabaseMissing
            ? 'no state database is configured (set stateDatabaseUrl in the config, or PGWARDEN_STATE_DATABASE_URL)'
            : describePgError(error);
        this.log(
          `long-query history for cluster ${cluster.id} is not being recorded: ${reason}. ` +
            `Sampling goes on; retrying every ${RETRY_AFTER_MS / 1000}s.`,
        );
      }
      this.failing = true;
      this.retryAt = Date.now() + RETRY_AFTER_MS;
    }
  }

  private log(line: string): void {
    (this.options.log ?? ((text: string) => log.warn({ event: 'history_not_recording' }, text)))(line);
  }
}
