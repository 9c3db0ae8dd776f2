// POST /api/v1/clusters/{id}/sessions/{pid}/ask-owner: {backendStart, note} to the team owning the session.
import { NextResponse, type NextRequest } from 'next/server';
import { answerOf, bearerOnly, readJson, respond } from '@/lib/api/respond';
import { askOwnerRequestSchema, pidParam } from '@/lib/api/schemas';
import { askOwner } from '@/lib/dal/ask-owner';
import { identifyAndParse } from '@/lib/dal/guard';
import { failureHeaders } from '@/lib/dal/http-status';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest, { params }: { params: Promise<{ cluster: string; pid: string }> }) {
  const { cluster, pid } = await params;
  const cookieOnly = bearerOnly(request);
  if (cookieOnly) return respond(cookieOnly);
  const body = await readJson(request);
  if (!body.ok) return respond(body);
  const parsed = await identifyAndParse(askOwnerRequestSchema.extend({ pid: pidParam }), {
    ...(body.data as object),
    pid,
  });
  if (!parsed.ok) return respond(parsed.failure);
  const result = await askOwner({ clusterId: cluster, ...parsed.parsed });
  const { status, body: answer } = answerOf(result);
  return NextResponse.json(answer, {
    status,
    headers: result.ok ? { 'cache-control': 'no-store' } : failureHeaders(result),
  });
}
