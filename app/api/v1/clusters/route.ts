// GET /api/v1/clusters: the clusters the caller holds a role on.
import { respond } from '@/lib/api/respond';
import { listMyClusters } from '@/lib/dal/api-reads';
import { auditedRoute } from '@/lib/api/audited-route';

export const dynamic = 'force-dynamic';

export const GET = auditedRoute('/api/v1/clusters', async () => {
  return respond(await listMyClusters());
});
