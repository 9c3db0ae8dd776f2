// Audit log pages as JSON for the audit table's polling and "older entries"; same filters as the page URL.
import { NextResponse, type NextRequest } from 'next/server';
import { listAudit } from '@/lib/dal/audit';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { flattenSearchParams } from '@/lib/types/audit';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const result = await listAudit(flattenSearchParams(Object.fromEntries(request.nextUrl.searchParams)));
  return NextResponse.json(result, {
    status: result.ok ? 200 : httpStatusOf(result.code),
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
