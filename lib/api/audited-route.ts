// Every /api/v1 route handler is wrapped here, so no route can forget its audit row: a call made with a service token
// is written to the audit log (lib/dal/api-call-audit.ts) after its answer has been sent.
import 'server-only';
import { after, NextResponse, type NextRequest } from 'next/server';
import { auditApiCall } from '@/lib/dal/api-call-audit';
import { runInApiCall } from '@/lib/dal/api-call-scope';
import { failureHeaders } from '@/lib/dal/http-status';
import { errorBody } from './respond';

type RouteContext<P> = { params: Promise<P> };

/** The cluster a call names: in its path, or (GET /api/v1/audit) as its `cluster` filter. */
async function namedCluster(request: NextRequest, context: RouteContext<unknown> | undefined): Promise<string | null> {
  const params = (await context?.params) as { cluster?: unknown } | undefined;
  if (typeof params?.cluster === 'string') return params.cluster;
  return request.nextUrl.searchParams.get('cluster');
}

async function errorOf(response: Response): Promise<{ code: string; message: string } | null> {
  if (response.status < 400) return null;
  try {
    const { error } = (await response.clone().json()) as { error?: { code?: unknown; message?: unknown } };
    return typeof error?.code === 'string' ? { code: error.code, message: String(error.message ?? '') } : null;
  } catch {
    return null;
  }
}

/** `route` is the route's template as the OpenAPI document names it. */
export function auditedRoute<P = Record<string, never>>(
  route: string,
  handler: (request: NextRequest, context: RouteContext<P>) => Promise<Response>,
) {
  return (request: NextRequest, context: RouteContext<P>): Promise<Response> =>
    runInApiCall(async (scope) => {
      const response = await handler(request, context);
      // Only calls with an Authorization header are token calls (a cookie call is a person in a browser); a call that
      // wrote its own rows (signals, token changes) needs none; 429s were refused unread by a rate limit, which never
      // writes a row (so a flood of calls cannot flood the log).
      if (!request.headers.has('authorization') || scope.audited || response.status === 429) return response;
      const audit = await auditApiCall(scope, {
        method: request.method,
        route,
        status: response.status,
        error: await errorOf(response),
        cluster: await namedCluster(request, context),
        replayed: response.headers.get('idempotent-replayed') === 'true',
      });
      if ('limited' in audit) {
        return NextResponse.json(errorBody(audit.limited), { status: 429, headers: failureHeaders(audit.limited) });
      }
      after(audit.write);
      return response;
    });
}
