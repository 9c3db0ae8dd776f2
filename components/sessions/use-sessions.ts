'use client';

import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { fetchOrOffline, resultOf } from '@/components/query/fetch-result';
import { pageSessionsUrl } from '@/lib/model/page-view';
import { GZIPPED_SESSIONS, type SessionsPage } from '@/lib/types/sessions-page';
import type { SessionView } from '@/lib/types/session-view';
import { sessionsQueryKey } from './sessions-query-key';
import { useSessionsStream } from './use-sessions-stream';

const gzipAccepted = typeof DecompressionStream !== 'undefined';

/** The server's once-compressed body, inflated here (the browser only inflates Content-Encoding, which Next drops). */
function inflated(response: Response): Response {
  if (!response.body || response.headers.get('content-type') !== GZIPPED_SESSIONS) return response;
  return new Response(response.body.pipeThrough(new DecompressionStream('gzip')), {
    status: response.status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * Every session of the cluster (the page filters them for the view): pushed by the stream (diffs applied to this
 * query's data) while it is up, polled with the GET (ETag, 304 when nothing changed) while it is down or the view is
 * paused. `enabled` false: the server's first screen is on its way to the screen, and the GET and the stream wait
 * for its frame.
 */
export function useSessions(clusterId: string, view: SessionView, enabled: boolean) {
  const queryClient = useQueryClient();
  const key = sessionsQueryKey(clusterId);
  const etags = useRef(new Map<string, string>());
  const [streaming, setStreaming] = useState(false);
  const url = pageSessionsUrl(clusterId, view, 'sessions');
  const query = useQuery({
    queryKey: key,
    queryFn: async () => {
      const current = queryClient.getQueryData<SessionsPage>(key);
      const etag = current && etags.current.get(url);
      const headers: Record<string, string> = gzipAccepted ? { accept: GZIPPED_SESSIONS } : {};
      if (etag) headers['if-none-match'] = etag;
      const response = await fetchOrOffline(url, { headers });
      if (response.status === 304 && current) return current;
      const page = await resultOf<SessionsPage>(inflated(response));
      const sent = response.headers.get('etag');
      if (sent) etags.current.set(url, sent);
      return page;
    },
    enabled,
    refetchInterval: view.paused || streaming ? false : view.interval,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    // Not compared field by field with the previous page (5,000 rows deep, at every refetch): diffs already keep
    // unchanged rows as the same objects, and a 304 returns the same page.
    structuralSharing: false,
  });
  useSessionsStream({ clusterId, view, queryKey: key, onStreaming: setStreaming, enabled });
  return { ...query, streaming };
}
