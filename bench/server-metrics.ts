// The app's own figures, read from its Prometheus endpoint around a phase: where a sample's time goes (stages), how
// many samples, and what its memory is made of (V8 heap, buffers outside it).
import { CLUSTER_ID } from './app';

export interface ServerMetrics {
  /** pgwarden_live_stage_seconds: sum (seconds) and count per stage. */
  stages: Map<string, { sum: number; count: number }>;
  samples: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  rssBytes: number;
}

export const STAGES = ['query', 'rows', 'encode', 'deliver'] as const;

function value(text: string, pattern: RegExp): number {
  return Number(pattern.exec(text)?.[1] ?? Number.NaN);
}

export async function readServerMetrics(baseURL: string, token: string): Promise<ServerMetrics> {
  const response = await fetch(`${baseURL}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const stages = new Map<string, { sum: number; count: number }>();
  for (const stage of STAGES) {
    const labels = `cluster="${CLUSTER_ID}",stage="${stage}"`;
    stages.set(stage, {
      sum: value(text, new RegExp(`^pgwarden_live_stage_seconds_sum\\{${labels}\\} (\\S+)$`, 'm')) || 0,
      count: value(text, new RegExp(`^pgwarden_live_stage_seconds_count\\{${labels}\\} (\\S+)$`, 'm')) || 0,
    });
  }
  return {
    stages,
    samples: value(
      text,
      new RegExp(`^pgwarden_sample_duration_seconds_count\\{cluster="${CLUSTER_ID}"\\} (\\S+)$`, 'm'),
    ),
    heapUsedBytes: value(text, /^nodejs_heap_size_used_bytes (\S+)$/m),
    heapTotalBytes: value(text, /^nodejs_heap_size_total_bytes (\S+)$/m),
    externalBytes: value(text, /^nodejs_external_memory_bytes (\S+)$/m),
    rssBytes: value(text, /^process_resident_memory_bytes (\S+)$/m),
  };
}

/** Mean milliseconds per occurrence of each stage between two readings (NaN when it did not occur). */
export function stageMeansMs(before: ServerMetrics, after: ServerMetrics): Record<string, number> {
  const means: Record<string, number> = {};
  for (const stage of STAGES) {
    const a = before.stages.get(stage)!;
    const b = after.stages.get(stage)!;
    const count = b.count - a.count;
    means[stage] = count > 0 ? ((b.sum - a.sum) / count) * 1000 : Number.NaN;
  }
  return means;
}
