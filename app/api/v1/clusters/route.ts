// GET /api/v1/clusters: the clusters the caller holds a role on.
import { respond } from '@/lib/api/respond';
import { listMyClusters } from '@/lib/dal/api-reads';

export const dynamic = 'force-dynamic';

export async function GET() {
  return respond(await listMyClusters());
}
