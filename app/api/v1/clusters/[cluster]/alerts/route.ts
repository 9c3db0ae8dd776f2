// GET /api/v1/clusters/{id}/alerts?state=open|all: the cluster's alerts, open ones first.
import type { NextRequest } from 'next/server';
import { parseQuery, respond } from '@/lib/api/respond';
import { alertsQuerySchema } from '@/lib/api/schemas';
import { listClusterAlerts } from '@/lib/dal/alerts';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const query = await parseQuery(request, alertsQuerySchema);
  if (!query.ok) return respond(query);
  return respond(await listClusterAlerts({ clusterId: cluster, state: query.data.state }));
}
