'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { Result } from '@/lib/types/result';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { sessionViewToParams, type SessionView } from '@/lib/types/session-view';
import { sessionsQueryKey } from './sessions-query-key';

export class SessionsRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function fetchSessions(clusterId: string, view: SessionView): Promise<SessionsPage> {
  const params = sessionViewToParams(view);
  let response: Response;
  try {
    response = await fetch(`/api/clusters/${encodeURIComponent(clusterId)}/sessions?${params}`, { cache: 'no-store' });
  } catch {
    throw new SessionsRequestError('offline', 'pgwarden itself cannot be reached; check your network or the console server.');
  }
  const result = (await response.json().catch(() => null)) as Result<SessionsPage> | null;
  if (!result) throw new SessionsRequestError('internal', `pgwarden answered ${response.status}; try again.`);
  if (!result.ok) throw new SessionsRequestError(result.code, result.message);
  return result.data;
}

/** An expired session sends the user to sign-in, and back to this exact view afterwards. */
export function useSignInWhenExpired(error: Error | null) {
  const router = useRouter();
  const expired = error instanceof SessionsRequestError && error.code === 'unauthenticated';
  useEffect(() => {
    if (expired) router.replace(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }, [expired, router]);
}

export function useSessions(clusterId: string, view: SessionView) {
  return useQuery({
    queryKey: sessionsQueryKey(clusterId, view),
    queryFn: () => fetchSessions(clusterId, view),
    refetchInterval: view.paused ? false : view.interval,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}
