'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { sessionsQueryKey } from '@/components/sessions/sessions-query-key';
import { parseDbTimestamp } from '@/lib/model/db-time';
import type { SessionsFirstScreen, SessionsPage } from '@/lib/types/sessions-page';

interface Props {
  clusterId: string;
  /**
   * The view hub's encoded body, `{"ok":true,"data":SessionsPage}`, as text: React sends a long string as it is, where
   * the same page as objects would be serialised again for every request (and parsed back more slowly).
   */
  pageJson: string | null;
  /** SessionsFirstScreen as text, for the view in the address. */
  firstScreenJson: string | null;
  children: ReactNode;
}

const takenAtMs = (page: SessionsPage | undefined) => parseDbTimestamp(page?.snapshot.takenAt ?? null);

/** Whether the server's page should replace what the sessions query holds: nothing, or an older snapshot. */
function replaces(seed: SessionsPage, cached: SessionsPage | undefined): boolean {
  if (cached === undefined) return true;
  const cachedAt = takenAtMs(cached);
  const seedAt = takenAtMs(seed);
  return cachedAt === null || seedAt === null || seedAt > cachedAt;
}

const FirstScreenContext = createContext<SessionsFirstScreen | null>(null);

/** The server's first rows of the view while the whole page is not in the sessions query yet; null after. */
export const useFirstScreen = () => useContext(FirstScreenContext);

/**
 * The server's page in two steps. The first frame paints the first screen of the view (a few dozen rows, sorted and
 * filtered by the server); once it is painted, the whole page (every session, megabytes) is parsed and put into the
 * sessions query, unless the same or a newer snapshot is there. Again when a navigation brings another page.
 */
export function SeededSessionsPage({ clusterId, pageJson, firstScreenJson, children }: Props) {
  const queryClient = useQueryClient();
  const [seeded, setSeeded] = useState<string | null>(null);
  const [firstScreen, setFirstScreen] = useState<SessionsFirstScreen | null>(null);
  if (pageJson !== null && pageJson !== seeded) {
    setSeeded(pageJson);
    const screen = firstScreenJson === null ? null : (JSON.parse(firstScreenJson) as SessionsFirstScreen);
    // The same snapshot, or a newer one, already there (back to this page): it is shown at once, whole.
    const cached = queryClient.getQueryData<SessionsPage>(sessionsQueryKey(clusterId));
    setFirstScreen(screen && replaces(screen.page, cached) ? screen : null);
  }

  useEffect(() => {
    if (firstScreen === null || seeded === null) return;
    // At the frame after the one with the first screen, which is on screen by then.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        const key = sessionsQueryKey(clusterId);
        const page = (JSON.parse(seeded) as { data: SessionsPage }).data;
        if (replaces(page, queryClient.getQueryData<SessionsPage>(key))) queryClient.setQueryData(key, page);
        setFirstScreen(null);
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [firstScreen, seeded, queryClient, clusterId]);

  return <FirstScreenContext.Provider value={firstScreen}>{children}</FirstScreenContext.Provider>;
}
