// How /api/v1 routes answer: the data as JSON on success, {"error": {code, message}} with the code's status otherwise.
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { identifyAndParse } from '@/lib/dal/guard';
import { httpStatusOf } from '@/lib/dal/http-status';
import { failure, type Failure, type Result } from '@/lib/types/result';

const headers = { 'cache-control': 'no-store' };

export function errorBody(result: Failure) {
  return { error: { code: result.code, message: result.message } };
}

export function answerOf<T>(result: Result<T>, okStatus = 200): { status: number; body: unknown } {
  return result.ok
    ? { status: okStatus, body: result.data }
    : { status: httpStatusOf(result.code), body: errorBody(result) };
}

export function respond<T>(result: Result<T>, okStatus = 200): NextResponse {
  const { status, body } = answerOf(result, okStatus);
  return NextResponse.json(body, { status, headers });
}

export function respondWith(answer: { status: number; body: unknown }, extra: Record<string, string> = {}) {
  return NextResponse.json(answer.body, { status: answer.status, headers: { ...headers, ...extra } });
}

/**
 * The query string checked against the route's schema, after the caller is known (401 before 400, as in the
 * guard): a bad value is refused here, where the pages fall back to a default.
 */
export async function parseQuery<S extends z.ZodType>(request: NextRequest, schema: S): Promise<Result<z.infer<S>>> {
  const known = await identifyAndParse(schema, Object.fromEntries(request.nextUrl.searchParams));
  return known.ok ? { ok: true, data: known.parsed } : known.failure;
}

/**
 * The API's writes take a service token only: a browser sends cookies by itself, so accepting them here would add a
 * cross-site request path next to the console's own (checked) server actions.
 */
export function bearerOnly(request: NextRequest): Failure | null {
  if (request.headers.has('authorization')) return null;
  return failure(
    'unauthenticated',
    'This route takes a service token in an Authorization: Bearer header (cookies are not accepted); in a browser, use the console.',
  );
}

/** The JSON body, or a 400 that says it is not JSON. */
export async function readJson(request: NextRequest): Promise<Result<unknown>> {
  try {
    return { ok: true, data: await request.json() };
  } catch {
    return failure('invalid_input', 'The request body must be JSON (Content-Type: application/json).');
  }
}
