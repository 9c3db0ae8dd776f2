// GET /metrics: the Prometheus text format, for a scraper holding the configured bearer token only.
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PgwardenConfig } from '@/lib/config/schema';
import { metrics } from './registry';

const OFF_MESSAGE =
  'Metrics are off. Set metrics.token in the config file (or PGWARDEN_METRICS_TOKEN), at least 32 characters, ' +
  'and scrape with the header "Authorization: Bearer <token>".\n';
const DENIED_MESSAGE = 'GET /metrics needs the header "Authorization: Bearer <metrics.token from the config>".\n';

/** Compares digests, so neither the content nor the length of the token leaks through timing. */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

function bearerOf(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

function text(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export async function metricsResponse(request: Request, config: PgwardenConfig): Promise<Response> {
  const expected = config.metrics.token;
  if (!expected) return text(OFF_MESSAGE, 404);
  const presented = bearerOf(request.headers.get('authorization'));
  if (presented === null || !tokenMatches(presented, expected)) {
    return text(DENIED_MESSAGE, 401, { 'www-authenticate': 'Bearer realm="pgwarden metrics"' });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
  });
}
