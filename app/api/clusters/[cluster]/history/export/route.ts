// CSV export of the long-query runs of a window; the same authorisation as the history page (viewer and up).
import { NextResponse, type NextRequest } from 'next/server';
import { exportLongQueries } from '@/lib/dal/history';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { longQueriesCsv } from '@/lib/history/history-csv';
import { parseHistoryView } from '@/lib/types/history';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const view = parseHistoryView(Object.fromEntries(request.nextUrl.searchParams));
  const result = await exportLongQueries({ clusterId: cluster, view });
  if (!result.ok) {
    return NextResponse.json(result, { status: httpStatusOf(result.code), headers: failureHeaders(result) });
  }
  const stamp = result.data.window.to.slice(0, 16).replace(/[:T]/g, '-');
  return new NextResponse(longQueriesCsv(result.data.records), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="long-queries-${cluster}-${view.range}-${stamp}.csv"`,
      'cache-control': 'no-store',
      ...(result.data.truncated ? { 'x-pgwarden-truncated': 'true' } : {}),
    },
  });
}
