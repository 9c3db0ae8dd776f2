// Checks a server action's request body before Next decodes it: Next answers an oversized, malformed or deeply
// nested body with a bare 500, so proxy.ts refuses those first with a 4xx that says what is wrong. pgwarden's actions
// take plain JSON values only (React sends them as one text/plain JSON array).

/** Next's own serverActions.bodySizeLimit (1 MB), which Next enforces with a bare 500; MAX_SIGNAL_TARGETS is ~100 KB. */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
export const MAX_ACTION_BODY_DEPTH = 16;

// React's reply format marks references with a leading "$" (a string starting with "$" is sent as "$$..."). Only
// the markers for plain values are needed; the others (promises, files, maps, dates, server references) are not.
const PLAIN_MARKERS = new Set(['$undefined', '$NaN', '$Infinity', '$-Infinity', '$-0']);

export interface BodyProblem {
  status: 400 | 413 | 415;
  message: string;
}

/** The first string that is a React reference marker other than a plain value's, or the depth of nesting. */
function inspect(value: unknown): { depth: number; marker: string | null } {
  let depth = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, level] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.startsWith('$') && !item.startsWith('$$') && !PLAIN_MARKERS.has(item)) {
        return { depth, marker: item.slice(0, 20) };
      }
    } else if (typeof item === 'object' && item !== null) {
      depth = Math.max(depth, level);
      if (depth > MAX_ACTION_BODY_DEPTH) return { depth, marker: null };
      for (const child of Object.values(item)) stack.push([child, level + 1]);
    }
  }
  return { depth, marker: null };
}

/** What is wrong with an action request body, or null when Next may decode it. */
export function actionBodyProblem(contentType: string | null, body: string): BodyProblem | null {
  if (!/^text\/plain\b/i.test(contentType ?? '')) {
    return {
      status: 415,
      message: `pgwarden's actions take a JSON array as text/plain, not ${(contentType ?? 'no content type').slice(0, 60)}.`,
    };
  }
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_ACTION_BODY_BYTES) return tooLarge(bytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 400, message: 'The request body is not valid JSON: send the action arguments as a JSON array.' };
  }
  if (!Array.isArray(parsed)) {
    return { status: 400, message: 'The request body must be a JSON array of the action arguments.' };
  }
  const { depth, marker } = inspect(parsed);
  if (depth > MAX_ACTION_BODY_DEPTH) {
    return { status: 400, message: `The request body is nested deeper than ${MAX_ACTION_BODY_DEPTH} levels.` };
  }
  if (marker) {
    return {
      status: 400,
      message: `The request body holds "${marker}", a React reference pgwarden's actions do not take: send plain values (a string starting with "$" is written "$$").`,
    };
  }
  return null;
}

function tooLarge(bytes: number): BodyProblem {
  return {
    status: 413,
    message: `The request body is ${bytes} bytes; pgwarden's actions take at most ${MAX_ACTION_BODY_BYTES} (send fewer targets per request).`,
  };
}

/** For proxy.ts: a 4xx JSON answer for a server action call whose body Next would fail on, else null. */
export async function refuseBadActionBody(request: Request): Promise<Response | null> {
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const declared = Number(request.headers.get('content-length') ?? 0);
  const problem =
    declared > MAX_ACTION_BODY_BYTES
      ? tooLarge(declared)
      : actionBodyProblem(request.headers.get('content-type'), await request.clone().text());
  if (!problem) return null;
  return Response.json(
    { ok: false, code: 'invalid_input', message: problem.message },
    { status: problem.status, headers: { 'cache-control': 'no-store' } },
  );
}
