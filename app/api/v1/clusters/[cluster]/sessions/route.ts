// GET /api/v1/clusters/{id}/sessions: live sessions with the sessions page's filters and sort, in that order.
import type { NextRequest } from 'next/server';
import { parseQuery, respond } from '@/lib/api/respond';
import { sessionsQuerySchema } from '@/lib/api/schemas';
import { listSessions } from '@/lib/dal/sessions';
import { withDurations } from '@/lib/model/session-durations';
import { orderSessions, sessionViewSchema } from '@/lib/types/session-view';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute<{ cluster: string }>(
  '/api/v1/clusters/{clusterId}/sessions',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string }> }) => {
    const { cluster } = await params;
    const query = await parseQuery(request, sessionsQuerySchema);
    if (!query.ok) return respond(query);
    const view = sessionViewSchema.parse(query.data);
    const result = await listSessions({ clusterId: cluster, view });
    if (!result.ok) return respond(result);
    const { snapshot, total, rows } = result.data;
    // Scripts get the durations too, computed from the snapshot's database-clock time as the page does.
    const sessions = orderSessions(withDurations(rows, snapshot.takenAt), view);
    return respond({ ok: true, data: { snapshot, total, sessions } });
  },
);
