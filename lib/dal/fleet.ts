// The fleet overview for any signed-in caller: the clusters they hold a role on, worst first, from the samplers'
// snapshots (no query per viewer).
import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config/load';
import { visibleClusters } from '@/lib/auth/roles';
import { encodedFleetOverview, fleetOverviewOf, type EncodedFleet } from '@/lib/fleet/fleet-state';
import type { FleetOverview } from '@/lib/model/fleet-overview';
import { failure, type Result } from '@/lib/types/result';
import { identifyAndParse } from './guard';

const noInput = z.object({}).strict();

async function visibleIds(): Promise<Result<string[]>> {
  const known = await identifyAndParse(noInput, {});
  if (!known.ok) return known.failure;
  const clusters = visibleClusters(getConfig(), known.identity);
  if (clusters.length === 0) {
    return failure(
      'forbidden',
      `${known.identity.email} has no role on any cluster. Ask an admin to add you to pgwarden's role mapping.`,
    );
  }
  return { ok: true, data: clusters.map((cluster) => cluster.id) };
}

/** The encoded answer of GET /api/fleet. */
export async function encodedFleet(): Promise<Result<EncodedFleet>> {
  const ids = await visibleIds();
  return ids.ok ? { ok: true, data: encodedFleetOverview(ids.data) } : ids;
}

/** The same, as an object: the page's first paint. */
export async function fleetOverview(): Promise<Result<FleetOverview>> {
  const ids = await visibleIds();
  return ids.ok ? { ok: true, data: fleetOverviewOf(ids.data) } : ids;
}
