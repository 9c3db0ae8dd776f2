import type { QueryClient } from '@tanstack/react-query';
import type { SessionsPage } from '@/lib/types/sessions-page';
import type { sessionsQueryKey } from './sessions-query-key';

/**
 * Brings the sessions query up to `snapshotId`, the snapshot the stream announced but the query could not take a diff
 * to. With a GET on its way, that one is awaited rather than cancelled; it may have been answered before the snapshot
 * was taken, and then one more GET follows. Without it, the diff would be lost until the next one, a whole interval
 * later (or, after a sampler's slow round, longer).
 */
export async function catchUp(
  queryClient: QueryClient,
  key: ReturnType<typeof sessionsQueryKey>,
  snapshotId: number,
): Promise<void> {
  const behind = () => (queryClient.getQueryData<SessionsPage>(key)?.snapshot.snapshotId ?? -1) < snapshotId;
  const filters = { queryKey: key, exact: true };
  const wasFetching = queryClient.isFetching(filters) > 0;
  await queryClient.invalidateQueries(filters, { cancelRefetch: false });
  if (wasFetching && behind()) await queryClient.invalidateQueries(filters, { cancelRefetch: false });
}
