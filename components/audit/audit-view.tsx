'use client';

import { useMemo } from 'react';
import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';
import { useAuditEntries } from './use-audit-entries';
import { useAuditFilter } from './use-audit-filter';

interface Props {
  clusters: { id: string; name: string }[];
  initialError: string | null;
}

export function AuditView({ clusters, initialError }: Props) {
  const [filter, updateFilter] = useAuditFilter();
  const query = useAuditEntries(filter);
  const entries = useMemo(() => query.data?.pages.flatMap((page) => page.entries) ?? [], [query.data]);
  const error = query.error ? query.error.message : query.data ? null : initialError;
  useSignInWhenExpired(query.error);

  return (
    <>
      <AuditFilters filter={filter} clusters={clusters} onChange={updateFilter} />
      {filter.id && (
        <p className="border-b border-zinc-200 bg-sky-50 px-4 py-2 text-sm dark:border-zinc-800 dark:bg-sky-950/40">
          Showing audit entry {filter.id} only.{' '}
          <button type="button" className="underline" onClick={() => updateFilter({ id: undefined })}>
            Show all entries
          </button>
        </p>
      )}
      {error && (
        <p
          role="alert"
          className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
        >
          {error}
        </p>
      )}
      {/* Fifteen columns to compare across rows: on a phone they scroll sideways inside this region, the key ones
          (time, actor, cluster, action, outcome) first; the page itself never does. Focusable to scroll by keyboard. */}
      <div className="min-h-0 flex-1 overflow-auto" role="region" aria-label="Audit entries" tabIndex={0}>
        <AuditTable entries={entries} />
        {query.data && entries.length === 0 && (
          <p className="p-6 text-sm text-zinc-600 dark:text-zinc-400">
            {filter.id
              ? 'There is no audit entry with this id that you may see.'
              : 'No audit entry matches these filters.'}
          </p>
        )}
        <div className="flex items-center gap-3 px-4 py-3 text-sm text-zinc-600 dark:text-zinc-400">
          {query.data && (
            <span data-testid="audit-count">
              {entries.length} {entries.length === 1 ? 'entry' : 'entries'} shown, newest first
            </span>
          )}
          {query.hasNextPage && (
            <button
              type="button"
              className="rounded border border-zinc-300 px-2 py-1 text-zinc-900 disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-100"
              disabled={query.isFetchingNextPage}
              onClick={() => void query.fetchNextPage()}
            >
              {query.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
            </button>
          )}
        </div>
      </div>
    </>
  );
}
