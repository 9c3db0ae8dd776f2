// GET /api/v1/tokens lists and POST creates service tokens (admins).
import type { NextRequest } from 'next/server';
import { bearerOnly, readJson, respond } from '@/lib/api/respond';
import { createServiceToken, listServiceTokens } from '@/lib/dal/tokens';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute('/api/v1/tokens', async () => {
  const result = await listServiceTokens();
  return respond(result.ok ? { ok: true, data: { tokens: result.data } } : result);
});

export const POST = auditedRoute('/api/v1/tokens', async (request: NextRequest) => {
  const cookieOnly = bearerOnly(request);
  if (cookieOnly) return respond(cookieOnly);
  const body = await readJson(request);
  return respond(body.ok ? await createServiceToken(body.data) : body, 201);
});
