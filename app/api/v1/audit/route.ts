// GET /api/v1/audit: audit entries, newest first, with the audit page's filters and a keyset cursor.
import type { NextRequest } from 'next/server';
import { parseQuery, respond } from '@/lib/api/respond';
import { auditQuerySchema } from '@/lib/api/schemas';
import { listAudit } from '@/lib/dal/audit';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute('/api/v1/audit', async (request: NextRequest) => {
  const query = await parseQuery(request, auditQuerySchema);
  if (!query.ok) return respond(query);
  return respond(await listAudit(query.data));
});
