// Polling endpoint for the sessions table: a GET, so a slow server action never holds up the live view.
import { NextResponse, type NextRequest } from 'next/server';
import { listSessions } from '@/lib/dal/sessions';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { parseSessionView } from '@/lib/types/session-view';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const view = parseSessionView(Object.fromEntries(request.nextUrl.searchParams));
  const result = await listSessions({ clusterId: cluster, view });
  return NextResponse.json(result, {
    status: result.ok ? 200 : httpStatusOf(result.code),
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
