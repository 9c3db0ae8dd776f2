// DELETE /api/v1/tokens/{name}: revokes the token, refused on its next call on every instance.
import type { NextRequest } from 'next/server';
import { bearerOnly, respond } from '@/lib/api/respond';
import { revokeServiceToken } from '@/lib/dal/tokens';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const DELETE = auditedRoute<{ name: string }>(
  '/api/v1/tokens/{name}',
  async (request: NextRequest, { params }: { params: Promise<{ name: string }> }) => {
    const cookieOnly = bearerOnly(request);
    if (cookieOnly) return respond(cookieOnly);
    const { name } = await params;
    return respond(await revokeServiceToken({ name }));
  },
);
