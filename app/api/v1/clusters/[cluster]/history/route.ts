// GET /api/v1/clusters/{id}/history?range=hour|day|week|custom&from=&to=: the long-query history report.
import type { NextRequest } from 'next/server';
import { parseQuery, respond } from '@/lib/api/respond';
import { historyQuerySchema } from '@/lib/api/schemas';
import { getHistoryReport } from '@/lib/dal/history';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/history',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    const query = await parseQuery(request, historyQuerySchema);
    if (!query.ok) return respond(query);
    return respond(await getHistoryReport({ clusterId: cluster, view: query.data }));
  },
);
