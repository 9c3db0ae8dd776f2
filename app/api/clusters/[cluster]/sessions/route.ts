// Polling endpoint for the sessions table (and the live stream's fallback): a GET, so a slow server action never
// holds up the live view. The body is encoded once per snapshot and view; ETag + If-None-Match answer 304.
import { NextResponse, type NextRequest } from 'next/server';
import { encodedSessions } from '@/lib/dal/sessions';
import { failureHeaders, httpStatusOf } from '@/lib/dal/http-status';
import { parseSessionView } from '@/lib/types/session-view';
import { GZIPPED_SESSIONS } from '@/lib/types/sessions-page';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  const view = parseSessionView(Object.fromEntries(request.nextUrl.searchParams));
  const result = await encodedSessions({ clusterId: cluster, view });
  if (!result.ok) {
    return NextResponse.json(result, { status: httpStatusOf(result.code), headers: failureHeaders(result) });
  }
  const encoded = result.data;
  const headers: Record<string, string> = {
    'cache-control': 'private, no-cache',
    etag: encoded.etag,
    vary: 'accept, cookie',
  };
  if (request.headers.get('if-none-match') === encoded.etag) return new Response(null, { status: 304, headers });
  // Next strips Content-Encoding from route handlers and compresses each response again, so the page asks for the
  // gzip under a media type of its own and inflates it itself (DecompressionStream): compressed once per snapshot.
  const gzipped = (request.headers.get('accept') ?? '').includes(GZIPPED_SESSIONS);
  return new Response(new Uint8Array(gzipped ? encoded.gzip : encoded.json), {
    status: 200,
    headers: { ...headers, 'content-type': gzipped ? GZIPPED_SESSIONS : 'application/json' },
  });
}
