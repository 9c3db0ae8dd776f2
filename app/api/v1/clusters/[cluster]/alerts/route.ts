// GET /api/v1/clusters/{id}/alerts?state=open|all: the cluster's alerts, open ones first.
import type { NextRequest } from 'next/server';
import { auditedRoute } from '@/lib/api/audited-route';
import { parseQuery, respond } from '@/lib/api/respond';
import { alertsQuerySchema } from '@/lib/api/schemas';
import { listClusterAlerts } from '@/lib/dal/alerts';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/alerts',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    const query = await parseQuery(request, alertsQuerySchema);
    if (!query.ok) return respond(query);
    return respond(await listClusterAlerts({ clusterId: cluster, state: query.data.state }));
  },
);
