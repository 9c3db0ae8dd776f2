// catchUp with a real react-query client: a diff the query cannot take while a GET is on its way is not lost.
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { catchUp } from './catch-up';
import { sessionsQueryKey } from './sessions-query-key';

const key = sessionsQueryKey('prod');
const pageOf = (snapshotId: number) => ({ snapshot: { snapshotId } }) as SessionsPage;

/** A query whose GETs the test answers one by one, with an observer (the table) so invalidation refetches it. */
function sessionsQuery() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const answers: ((page: SessionsPage) => void)[] = [];
  const observer = new QueryObserver(client, {
    queryKey: key,
    queryFn: () => new Promise<SessionsPage>((resolve) => answers.push(resolve)),
  });
  const unsubscribe = observer.subscribe(() => {});
  const snapshotId = () => client.getQueryData<SessionsPage>(key)?.snapshot.snapshotId;
  const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { client, answers, snapshotId, settled, close: () => (unsubscribe(), client.clear()) };
}

let close = () => {};
afterEach(() => close());

describe('catchUp', () => {
  it('waits for the GET on its way and, when it was answered before the announced snapshot, GETs once more', async () => {
    const query = sessionsQuery();
    close = query.close;
    expect(query.answers).toHaveLength(1); // the table's first GET, on its way
    const caughtUp = catchUp(query.client, key, 8);
    await query.settled();
    expect(query.answers).toHaveLength(1); // not cancelled, not doubled
    query.answers[0]!(pageOf(7));
    await query.settled();
    expect(query.answers).toHaveLength(2);
    query.answers[1]!(pageOf(8));
    await caughtUp;
    expect(query.snapshotId()).toBe(8);
  });

  it('GETs once when no GET is on its way', async () => {
    const query = sessionsQuery();
    close = query.close;
    query.answers[0]!(pageOf(8));
    await query.settled();
    const caughtUp = catchUp(query.client, key, 9);
    await query.settled();
    expect(query.answers).toHaveLength(2);
    query.answers[1]!(pageOf(9));
    await caughtUp;
    expect(query.snapshotId()).toBe(9);
  });

  it('GETs no more when the GET on its way brings the announced snapshot', async () => {
    const query = sessionsQuery();
    close = query.close;
    const caughtUp = catchUp(query.client, key, 8);
    query.answers[0]!(pageOf(8));
    await caughtUp;
    await query.settled();
    expect(query.answers).toHaveLength(1);
    expect(query.snapshotId()).toBe(8);
  });
});
