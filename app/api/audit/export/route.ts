// The audit log as a CSV download, with the page's filters and authorisation, capped at AUDIT_EXPORT_MAX_ROWS.
import type { NextRequest } from 'next/server';
import { exportAudit } from '@/lib/dal/audit';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { AUDIT_EXPORT_MAX_ROWS, flattenSearchParams } from '@/lib/types/audit';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const result = await exportAudit(flattenSearchParams(Object.fromEntries(request.nextUrl.searchParams)));
  if (!result.ok) {
    // Opened as a link, so the person reads this text in the browser.
    return new Response(`${result.message}\n`, {
      status: httpStatusOf(result.code),
      headers: { 'content-type': 'text/plain; charset=utf-8', ...failureHeaders(result) },
    });
  }
  const { filename, rows, truncated, body } = result.data;
  const headers: Record<string, string> = {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
    'x-pgwarden-export-rows': String(rows),
  };
  if (truncated) {
    headers['x-pgwarden-export-truncated'] =
      `only the newest ${AUDIT_EXPORT_MAX_ROWS} matching entries; narrow the filters for older ones`;
  }
  return new Response(body, { headers });
}
