import { HydrationBoundary, dehydrate } from '@tanstack/react-query';
import { getQueryClient } from '@/components/query/get-query-client';
import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { AuditView } from '@/components/audit/audit-view';
import { auditQueryKey } from '@/components/audit/audit-query-key';
import { listAudit, requireAuditPage } from '@/lib/dal/audit';
import { returnPath } from '@/lib/dal/return-path';
import { flattenSearchParams, pickAuditFilterParams } from '@/lib/types/audit';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const search = await searchParams;
  const filter = pickAuditFilterParams(flattenSearchParams(search));
  const access = await requireAuditPage(returnPath('/audit', search), filter.cluster);
  const queryClient = getQueryClient();
  // The data-access layer directly, not our own API route: a server-side fetch would carry no session cookie.
  const result = await listAudit(filter);
  if (result.ok) queryClient.setQueryData(auditQueryKey(filter), { pages: [result.data], pageParams: [null] });

  return (
    <div className="flex h-screen flex-col">
      <ConsoleHeader access={access} section="audit" />
      <main {...mainContentProps} className="outline-none flex min-h-0 flex-1 flex-col">
        <HydrationBoundary state={dehydrate(queryClient)}>
          <AuditView clusters={access.clusters} initialError={result.ok ? null : result.message} />
        </HydrationBoundary>
      </main>
    </div>
  );
}
