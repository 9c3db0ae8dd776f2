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

// A render that React throws away and runs again (a navigation's transition) would parse the same megabytes twice.
let lastSeed: { json: string; page: SessionsPage } | null = null;
function seedOf(json: string): SessionsPage {
  if (lastSeed?.json !== json) lastSeed = { json, page: (JSON.parse(json) as { data: SessionsPage }).data };
  return lastSeed.page;
}

/**
 * Puts the server's first page into the sessions query before the table asks for it, unless the same or a newer
 * snapshot is there; again when a navigation brings another page.
 */
export function SeededSessionsPage({ clusterId, pageJson, children }: Props) {
  const queryClient = useQueryClient();
  const [seeded, setSeeded] = useState<string | null>(null);
  if (pageJson !== null && pageJson !== seeded) {
    setSeeded(pageJson);
    const key = sessionsQueryKey(clusterId);
    const seed = seedOf(pageJson);
    const cached = queryClient.getQueryData<SessionsPage>(key);
    const cachedAt = takenAtMs(cached);
    const seedAt = takenAtMs(seed);
    // The same snapshot already there is left as it is: setting it again would compare 5,000 rows field by field.
    if (cached !== seed && (cachedAt === null || seedAt === null || seedAt > cachedAt))
      queryClient.setQueryData(key, seed);
  }
  return <>{children}</>;
}
