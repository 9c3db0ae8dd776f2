import { redirect } from 'next/navigation';
import { requireClusterPage } from '@/lib/dal/page-access';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const { cluster } = await requireClusterPage(null, '/');
  redirect(`/clusters/${cluster.id}/sessions`);
}
