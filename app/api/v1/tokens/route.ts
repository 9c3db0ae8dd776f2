// GET /api/v1/tokens lists and POST creates service tokens (admins).
import type { NextRequest } from 'next/server';
import { bearerOnly, readJson, respond } from '@/lib/api/respond';
import { createServiceToken, listServiceTokens } from '@/lib/dal/tokens';

export const dynamic = 'force-dynamic';

export async function GET() {
  const result = await listServiceTokens();
  return respond(result.ok ? { ok: true, data: { tokens: result.data } } : result);
}

export async function POST(request: NextRequest) {
  const cookieOnly = bearerOnly(request);
  if (cookieOnly) return respond(cookieOnly);
  const body = await readJson(request);
  return respond(body.ok ? await createServiceToken(body.data) : body, 201);
}
