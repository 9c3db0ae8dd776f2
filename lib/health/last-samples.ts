// When each cluster's sampler last succeeded, noted from its snapshots, so readiness never waits on a cluster.
import 'server-only';
import type { SessionsSnapshot } from '@/lib/types/session';

export interface LastSample {
  /** Date.now() of the last good sample, null before the first one. */
  lastGoodAt: number | null;
  /** The latest sample succeeded. */
  reachable: boolean;
}

// On globalThis: the samplers' listeners run in the instrumentation bundle, /api/ready in a route bundle.
const holder = globalThis as { __pgwardenLastSamples?: Map<string, LastSample> };
const samples = (holder.__pgwardenLastSamples ??= new Map());

export function noteSample(snapshot: SessionsSnapshot): void {
  const previous = samples.get(snapshot.clusterId);
  samples.set(snapshot.clusterId, {
    lastGoodAt: snapshot.error ? (previous?.lastGoodAt ?? null) : Date.now(),
    reachable: !snapshot.error,
  });
}

export function lastSampleOf(clusterId: string): LastSample | undefined {
  return samples.get(clusterId);
}
