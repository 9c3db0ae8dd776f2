'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { parseSessionView, sessionViewToParams, type SessionView } from '@/lib/types/session-view';

const viewOfAddress = (searchParams: URLSearchParams) => parseSessionView(Object.fromEntries(searchParams.entries()));

interface Held {
  /** The view part of the address this state last followed. */
  address: string;
  view: SessionView;
  /** The address this page is about to write (or just wrote) for `view`. */
  writing: string | null;
}

/**
 * The table's view lives in the URL, so a pasted link opens the same view. A change shows at once from this state;
 * the address follows after that frame is painted, because Next re-renders the page for every history change.
 * An address changed by anybody else (a link to this page, back or forward) replaces the view.
 */
export function useSessionView(): [SessionView, (change: Partial<SessionView>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const fromAddress = viewOfAddress(searchParams);
  const address = sessionViewToParams(fromAddress).toString();
  const [held, setHeld] = useState<Held>(() => ({ address, view: fromAddress, writing: null }));
  let current = held;
  if (held.address !== address) {
    current =
      address === held.writing
        ? { address, view: held.view, writing: null }
        : { address, view: fromAddress, writing: null };
    setHeld(current);
  }
  const { view } = current;
  const wanted = sessionViewToParams(view).toString();

  useEffect(() => {
    if (wanted === address) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The frame with the new view is painted first; only then does Next see the new address.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => {
        setHeld((state) => ({ ...state, writing: wanted }));
        window.history.replaceState(null, '', wanted ? `${pathname}?${wanted}` : pathname);
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [wanted, address, pathname]);

  // Through the address's own form, so the view held here is the one the address will give back.
  const update = useCallback(
    (change: Partial<SessionView>) =>
      setHeld((state) => ({ ...state, view: viewOfAddress(sessionViewToParams({ ...state.view, ...change })) })),
    [],
  );
  return [view, update];
}
