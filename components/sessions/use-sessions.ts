'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { fetchResult } from '@/components/query/fetch-result';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { sessionViewToParams, type SessionView } from '@/lib/types/session-view';
import { sessionsQueryKey } from './sessions-query-key';

export function useSessions(clusterId: string, view: SessionView) {
  return useQuery({
    queryKey: sessionsQueryKey(clusterId, view),
    queryFn: () =>
      fetchResult<SessionsPage>(`/api/clusters/${encodeURIComponent(clusterId)}/sessions?${sessionViewToParams(view)}`),
    refetchInterval: view.paused ? false : view.interval,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
