'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { applySessionsDiff } from '@/lib/model/sessions-diff';
import { pageSessionsUrl } from '@/lib/model/page-view';
import type { SessionsDiff, SessionsPage } from '@/lib/types/sessions-page';
import type { SessionView } from '@/lib/types/session-view';
import { catchUp } from './catch-up';
import type { sessionsQueryKey } from './sessions-query-key';

/** After the stream breaks, polling takes over and the stream is tried again this much later. */
export const RESUBSCRIBE_MS = 10_000;
/** How often the page asks whether its current cookie may still watch (sign-out, expiry, role removed). */
export const ACCESS_CHECK_MS = 5_000;

interface Options {
  clusterId: string;
  view: SessionView;
  queryKey: ReturnType<typeof sessionsQueryKey>;
  onStreaming: (streaming: boolean) => void;
  /** False while the server's first screen is on its way to the screen (see useSessions). */
  enabled: boolean;
}

/**
 * Subscribes to every session of the cluster (Server-Sent Events; the page filters them) and applies each diff to the
 * query's data. A filter change keeps the stream open.
 */
export function useSessionsStream({ clusterId, view, queryKey, onStreaming, enabled }: Options) {
  const queryClient = useQueryClient();
  const latest = useRef({ view, queryKey, onStreaming });
  useEffect(() => {
    latest.current = { view, queryKey, onStreaming };
  });
  const paused = view.paused;

  useEffect(() => {
    if (paused || !enabled || typeof EventSource === 'undefined') return;
    const { view: opened, queryKey: key } = latest.current;
    const url = pageSessionsUrl(clusterId, opened, 'sessions/stream');
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const setStreaming = (streaming: boolean) => latest.current.onStreaming(streaming);
    const refetch = () => {
      if (!queryClient.isFetching({ queryKey: key, exact: true }))
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
    };
    const open = () => {
      const current = new EventSource(url);
      source = current;
      current.addEventListener('hello', (message) => {
        setStreaming(true);
        const { snapshotId } = JSON.parse((message as MessageEvent<string>).data) as { snapshotId: number };
        if (queryClient.getQueryData<SessionsPage>(key)?.snapshot.snapshotId !== snapshotId)
          void catchUp(queryClient, key, snapshotId);
      });
      current.addEventListener('diff', (message) => {
        const diff = JSON.parse((message as MessageEvent<string>).data) as SessionsDiff;
        const page = queryClient.getQueryData<SessionsPage>(key);
        const next = page && applySessionsDiff(page, diff);
        // A diff from another snapshot than ours (we missed one, or the GET is still on its way): the full page.
        if (next) queryClient.setQueryData(key, next);
        else void catchUp(queryClient, key, diff.snapshot.snapshotId);
      });
      current.addEventListener('bye', () => {
        current.close();
        open();
      });
      const broken = () => {
        current.close();
        setStreaming(false);
        refetch();
        retry = setTimeout(open, RESUBSCRIBE_MS);
      };
      current.addEventListener('refused', broken);
      current.onerror = broken;
    };
    open();
    // The open stream was authorised with the cookie of its start; a GET with today's cookie shows any refusal.
    const check = setInterval(async () => {
      if (!source || source.readyState === EventSource.CLOSED) return;
      const response = await fetch(url, { method: 'HEAD', cache: 'no-store' }).catch(() => null);
      if (response && response.status !== 204 && source.readyState !== EventSource.CLOSED) {
        source.close();
        setStreaming(false);
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
        clearTimeout(retry);
        retry = setTimeout(open, RESUBSCRIBE_MS);
      }
    }, ACCESS_CHECK_MS);
    return () => {
      source?.close();
      clearTimeout(retry);
      clearInterval(check);
      setStreaming(false);
    };
  }, [clusterId, paused, enabled, queryClient]);
}
