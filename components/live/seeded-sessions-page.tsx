'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { sessionsQueryKey } from '@/components/sessions/sessions-query-key';
import { parseDbTimestamp } from '@/lib/model/db-time';
import type { SessionsPage } from '@/lib/types/sessions-page';

interface Props {
  clusterId: string;
  /**
   * The view hub's encoded body, `{"ok":true,"data":SessionsPage}`, as text: React sends a long string as it is, where
   * the same page as objects would be serialised again for every request (and parsed back more slowly).
   */
  pageJson: string | null;
  children: ReactNode;
}

const takenAtMs = (page: SessionsPage | undefined) => parseDbTimestamp(page?.snapshot.takenAt ?? null);

/**
 * Puts the server's first page into the sessions query before the table asks for it, unless a newer one is there;
 * again when a navigation brings another page.
 */
export function SeededSessionsPage({ clusterId, pageJson, children }: Props) {
  const queryClient = useQueryClient();
  const [seeded, setSeeded] = useState<string | null>(null);
  if (pageJson !== null && pageJson !== seeded) {
    setSeeded(pageJson);
    const key = sessionsQueryKey(clusterId);
    const seed = (JSON.parse(pageJson) as { data: SessionsPage }).data;
    const cachedAt = takenAtMs(queryClient.getQueryData<SessionsPage>(key));
    const seedAt = takenAtMs(seed);
    if (cachedAt === null || seedAt === null || seedAt >= cachedAt) queryClient.setQueryData(key, seed);
  }
  return <>{children}</>;
}
