// Polling endpoint for the blocking view: a GET, so a slow server action never holds up the live view.
import { NextResponse, type NextRequest } from 'next/server';
import { getBlockingTree } from '@/lib/dal/blocking';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';

export const dynamic = 'force-dynamic';

export async function GET(_request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const result = await getBlockingTree({ clusterId: cluster });
  return NextResponse.json(result, {
    status: result.ok ? 200 : httpStatusOf(result.code),
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
