// GET /api/v1/clusters/{id}/owners?by=user|application|client|database: sessions grouped by owner.
import type { NextRequest } from 'next/server';
import { parseQuery, respond } from '@/lib/api/respond';
import { ownersQuerySchema } from '@/lib/api/schemas';
import { listOwners } from '@/lib/dal/owners';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/owners',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    const query = await parseQuery(request, ownersQuerySchema);
    if (!query.ok) return respond(query);
    return respond(await listOwners({ clusterId: cluster, by: query.data.by }));
  },
);
