// The latest sessions of a caller's cluster, with the config's protect list marked on them.
import 'server-only';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { markProtected } from '@/lib/signals/guard-rails';
import type { SessionsSnapshot } from '@/lib/types/session';
import type { Caller } from './guard';

export async function readSnapshot({ cluster, config }: Caller, intervalMs?: number): Promise<SessionsSnapshot> {
  const snapshot = await clusterSampler(cluster).read(intervalMs);
  return { ...snapshot, sessions: markProtected(snapshot.sessions, config.protect) };
}
