'use client';

import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { sessionsQueryKey } from '@/components/sessions/sessions-query-key';
import { parseDbTimestamp } from '@/lib/model/db-time';
import type { SessionsFirstScreen, SessionsPage } from '@/lib/types/sessions-page';

interface Props {
  clusterId: string;
  /** SessionsFirstScreen as text, for the view in the address. */
  firstScreenJson: string | null;
  children: ReactNode;
}

export interface FirstScreen {
  screen: SessionsFirstScreen;
  /** Its frame is on screen: the page may now ask for every session. */
  painted: boolean;
}

const takenAtMs = (page: SessionsPage | undefined) => parseDbTimestamp(page?.snapshot.takenAt ?? null);

/**
 * Whether `page` is of a later snapshot than `than` (or `than` is missing): then it is the one to show. A page of a
 * cluster never reached yet (no snapshot taken) is later than nothing: taken as later, the server's first screen of a
 * cluster that was down stood for the page after the cluster came back, until the next navigation.
 */
export function isLaterPage(page: SessionsPage, than: SessionsPage | undefined): boolean {
  if (than === undefined) return true;
  const thanAt = takenAtMs(than);
  const pageAt = takenAtMs(page);
  if (pageAt === null) return false;
  return thanAt === null || pageAt > thanAt;
}

const FirstScreenContext = createContext<FirstScreen | null>(null);

/** The server's first rows of the view, from the navigation that brought them; null when the page had them already. */
export const useFirstScreen = () => useContext(FirstScreenContext);

/**
 * The server's first screen of the view (a few dozen rows, filtered and sorted by the server), for the first frame.
 * Every session (megabytes at 5,000) is not in the page's response: the sessions query asks for it once that frame is
 * painted, and the first screen stands in until the query holds the same snapshot or a later one. Again when a
 * navigation brings another first screen, unless the query already holds a later snapshot (back to this page).
 */
export function FirstScreenProvider({ clusterId, firstScreenJson, children }: Props) {
  const queryClient = useQueryClient();
  const [received, setReceived] = useState<string | null>(null);
  const [firstScreen, setFirstScreen] = useState<FirstScreen | null>(null);
  if (firstScreenJson !== null && firstScreenJson !== received) {
    setReceived(firstScreenJson);
    const screen = JSON.parse(firstScreenJson) as SessionsFirstScreen;
    const cached = queryClient.getQueryData<SessionsPage>(sessionsQueryKey(clusterId));
    setFirstScreen(isLaterPage(screen.page, cached) ? { screen, painted: false } : null);
  }

  useEffect(() => {
    if (firstScreen === null || firstScreen.painted) return;
    // At the frame after the one with the first screen, which is on screen by then.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setFirstScreen((shown) => shown && { ...shown, painted: true }));
    });
    return () => cancelAnimationFrame(frame);
  }, [firstScreen]);

  return <FirstScreenContext.Provider value={firstScreen}>{children}</FirstScreenContext.Provider>;
}
