// GET /api/v1/clusters/{id}/sessions/{pid}: one live session from the latest sample.
import type { NextRequest } from 'next/server';
import { respond } from '@/lib/api/respond';
import { getSession } from '@/lib/dal/api-reads';

export const dynamic = 'force-dynamic';

export async function GET(_request: NextRequest, { params }: { params: Promise<{ cluster: string; pid: string }> }) {
  const { cluster, pid } = await params;
  return respond(await getSession({ clusterId: cluster, pid }));
}
