// Live sessions by push (Server-Sent Events): `hello` with the current snapshot id, then one `diff` per snapshot.
import { NextResponse, type NextRequest } from 'next/server';
import { httpStatusOf } from '@/lib/dal/http-status';
import { checkSessionsAccess, openSessionsStream } from '@/lib/dal/sessions-stream';
import { parseSessionView } from '@/lib/types/session-view';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const view = parseSessionView(Object.fromEntries(request.nextUrl.searchParams));
  const result = await openSessionsStream({ clusterId: cluster, view }, request.signal);
  if (!result.ok) {
    return NextResponse.json(result, { status: httpStatusOf(result.code), headers: { 'cache-control': 'no-store' } });
  }
  return new Response(result.data, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      // no-transform: keeps next's compression from buffering the events.
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}

/** Whether the current cookie may still watch this view: 204, or the refusal's status (no body). */
export async function HEAD(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const view = parseSessionView(Object.fromEntries(request.nextUrl.searchParams));
  const result = await checkSessionsAccess({ clusterId: cluster, view });
  return new Response(null, {
    status: result.ok ? 204 : httpStatusOf(result.code),
    headers: { 'cache-control': 'no-store' },
  });
}
