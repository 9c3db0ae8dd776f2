// For sampler listeners whose work on a snapshot takes longer than a sample may (writes to the state database): the
// listener returns at once, one snapshot is worked on at a time, and while one is in flight only the newest waits.
import type { SessionsSnapshot } from '@/lib/types/session';
import type { SampleListener } from './sampler';

export class NewestSampleQueue {
  private running: Promise<void> | null = null;
  private pending: SessionsSnapshot | null = null;

  constructor(private readonly work: (snapshot: SessionsSnapshot) => Promise<void>) {}

  /** For ClusterSampler.onSample. */
  readonly listener: SampleListener = (snapshot) => {
    this.pending = snapshot;
    this.running ??= this.drain().finally(() => (this.running = null));
  };

  /** Settles when no work is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const snapshot = this.pending;
      this.pending = null;
      await this.work(snapshot);
    }
  }
}
