// POST /api/v1/clusters/{id}/signals: cancel or terminate by targets or by filter; dryRun; Idempotency-Key.
import type { NextRequest } from 'next/server';
import { answerOf, bearerOnly, readJson, respond, respondWith } from '@/lib/api/respond';
import { apiSignal } from '@/lib/dal/api-signals';
import { idempotent } from '@/lib/dal/api-idempotency';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const POST = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/signals',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    const cookieOnly = bearerOnly(request);
    if (cookieOnly) return respond(cookieOnly);
    const body = await readJson(request);
    if (!body.ok) return respond(body);
    const answer = await idempotent(request.headers.get('idempotency-key'), { cluster, body: body.data }, async () =>
      answerOf(await apiSignal(cluster, body.data)),
    );
    if ('ok' in answer) return respond(answer);
    return respondWith(answer, answer.replayed ? { 'idempotent-replayed': 'true' } : {});
  },
);
