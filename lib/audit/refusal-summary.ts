// What a refused request asked for, read from the raw input without trusting it: known values only, cut to size.
import { CLUSTER_ID_PATTERN } from '@/lib/types/cluster-id';
import { signalActions, type SignalAction } from '@/lib/types/signal';
import { isPgTimestamp } from '@/lib/types/timestamp';

/** Targets kept in an audit row of a refused request; the row also holds how many there were. */
export const REFUSAL_SAMPLE_SIZE = 10;
const MAX_SAMPLE_TEXT = 40;

export interface RequestSummary {
  clusterId: string | null;
  action: SignalAction | null;
  timeoutMs: number | null;
  targetCount: number;
  sample: { pid: number | null; backendStart: string | null }[];
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

function pidOf(value: unknown): number | null {
  return Number.isInteger(value) && (value as number) > 0 && (value as number) < 2 ** 31 ? (value as number) : null;
}

function backendStartOf(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_SAMPLE_TEXT && isPgTimestamp(value) ? value : null;
}

/** `clusters`: the configured ids; any other cluster id is left out rather than stored. */
export function summariseRequest(raw: unknown, clusters: readonly string[]): RequestSummary {
  const clusterId = field(raw, 'clusterId');
  const action = field(raw, 'action');
  const timeoutMs = field(raw, 'timeoutMs');
  const targets = field(raw, 'targets');
  const list = Array.isArray(targets) ? targets : [];
  return {
    clusterId:
      typeof clusterId === 'string' && CLUSTER_ID_PATTERN.test(clusterId) && clusters.includes(clusterId)
        ? clusterId
        : null,
    action: signalActions.includes(action as SignalAction) ? (action as SignalAction) : null,
    timeoutMs:
      Number.isInteger(timeoutMs) && (timeoutMs as number) >= 0 && (timeoutMs as number) <= 60_000
        ? (timeoutMs as number)
        : null,
    targetCount: list.length,
    sample: list.slice(0, REFUSAL_SAMPLE_SIZE).map((target) => ({
      pid: pidOf(field(target, 'pid')),
      backendStart: backendStartOf(field(target, 'backendStart')),
    })),
  };
}
