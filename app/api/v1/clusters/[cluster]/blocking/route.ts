// GET /api/v1/clusters/{id}/blocking: who blocks whom.
import type { NextRequest } from 'next/server';
import { respond } from '@/lib/api/respond';
import { getBlockingTree } from '@/lib/dal/blocking';

export const dynamic = 'force-dynamic';

export async function GET(_request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return respond(await getBlockingTree({ clusterId: cluster }));
}
