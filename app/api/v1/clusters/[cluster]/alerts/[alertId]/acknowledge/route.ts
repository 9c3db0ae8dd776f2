// POST /api/v1/clusters/{id}/alerts/{alertId}/acknowledge: records who acknowledged the alert, and when (operators).
import type { NextRequest } from 'next/server';
import { bearerOnly, respond } from '@/lib/api/respond';
import { acknowledgeAlert } from '@/lib/dal/alerts';

export const dynamic = 'force-dynamic';

export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ cluster: string; alertId: string }> },
) {
  const cookieOnly = bearerOnly(request);
  if (cookieOnly) return respond(cookieOnly);
  const { cluster, alertId } = await params;
  return respond(await acknowledgeAlert({ clusterId: cluster, alertId }));
}
