// GET /api/v1/clusters/{id}/sessions/{pid}: one live session from the latest sample.
import type { NextRequest } from 'next/server';
import { respond } from '@/lib/api/respond';
import { getSession } from '@/lib/dal/api-reads';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string; pid: string }>(
  '/api/v1/clusters/{clusterId}/sessions/{pid}',
  async (_request: NextRequest, { params }: { params: Promise<{ cluster: string; pid: string }> }) => {
    const { cluster, pid } = await params;
    return respond(await getSession({ clusterId: cluster, pid }));
  },
);
