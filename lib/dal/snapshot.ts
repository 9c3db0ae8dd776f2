// The latest sessions of a caller's cluster, with the config's protect list and owning teams marked on them.
import 'server-only';
import { markTeams } from '@/lib/owners/mark-teams';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { markProtected } from '@/lib/signals/guard-rails';
import type { SessionsSnapshot } from '@/lib/types/session';
import type { Caller } from './guard';

export async function readSnapshot({ cluster, config }: Caller, intervalMs?: number): Promise<SessionsSnapshot> {
  const snapshot = await clusterSampler(cluster).read(intervalMs);
  return { ...snapshot, sessions: markTeams(markProtected(snapshot.sessions, config.protect), config.owners) };
}
