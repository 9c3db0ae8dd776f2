// GET /api/v1/clusters/{id}/blocking: who blocks whom.
import type { NextRequest } from 'next/server';
import { respond } from '@/lib/api/respond';
import { getBlockingTree } from '@/lib/dal/blocking';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/blocking',
  async (_request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    return respond(await getBlockingTree({ clusterId: cluster }));
  },
);
