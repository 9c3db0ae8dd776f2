// Polling endpoint for the cluster pages' alerts strip: a GET, so a slow server action never holds it up.
import { NextResponse, type NextRequest } from 'next/server';
import { listClusterAlerts } from '@/lib/dal/alerts';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const state = request.nextUrl.searchParams.get('state') ?? undefined;
  const result = await listClusterAlerts({ clusterId: cluster, state });
  return NextResponse.json(result, {
    status: result.ok ? 200 : httpStatusOf(result.code),
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
