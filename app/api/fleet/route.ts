// The fleet overview, polled by the landing page: built from the samplers' snapshots, encoded once per fleet change;
// ETag + If-None-Match answer 304.
import { NextResponse } from 'next/server';
import { encodedFleet } from '@/lib/dal/fleet';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const result = await encodedFleet();
  if (!result.ok) {
    return NextResponse.json(result, { status: httpStatusOf(result.code), headers: failureHeaders(result) });
  }
  const headers = { 'cache-control': 'private, no-cache', etag: result.data.etag, vary: 'cookie' };
  if (request.headers.get('if-none-match') === result.data.etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(result.data.json), {
    status: 200,
    headers: { ...headers, 'content-type': 'application/json' },
  });
}
