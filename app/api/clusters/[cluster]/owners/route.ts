// Polling endpoint for the owners view (?by=user|application|client|database).
import { NextResponse, type NextRequest } from 'next/server';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { listOwners } from '@/lib/dal/owners';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const result = await listOwners({ clusterId: cluster, by: request.nextUrl.searchParams.get('by') ?? undefined });
  return NextResponse.json(result, {
    status: result.ok ? 200 : httpStatusOf(result.code),
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
