// POST /api/v1/clusters/{id}/alerts/{alertId}/acknowledge: records who acknowledged the alert, and when (operators).
// The acknowledgement writes its own audit row (acknowledge_alert); a call refused before it gets an api_call row.
import type { NextRequest } from 'next/server';
import { auditedRoute } from '@/lib/api/audited-route';
import { bearerOnly, respond } from '@/lib/api/respond';
import { acknowledgeAlert } from '@/lib/dal/alerts';

export const dynamic = 'force-dynamic';

export const POST = auditedRoute<{ cluster: string; alertId: string }>(
  '/api/v1/clusters/{clusterId}/alerts/{alertId}/acknowledge',
  async (request: NextRequest, { params }: { params: Promise<{ cluster: string; alertId: string }> }) => {
    const cookieOnly = bearerOnly(request);
    if (cookieOnly) return respond(cookieOnly);
    const { cluster, alertId } = await params;
    return respond(await acknowledgeAlert({ clusterId: cluster, alertId }));
  },
);
