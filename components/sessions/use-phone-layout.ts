'use client';

import { useSyncExternalStore } from 'react';

// Tailwind's `md` breakpoint: narrower than this, sessions are cards and the detail a full-screen sheet.
const PHONE_QUERY = '(max-width: 767px)';

function subscribe(onChange: () => void) {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

/** Whether the screen is phone-sized; the server renders the desktop table, the browser switches after hydration. */
export function usePhoneLayout(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(PHONE_QUERY).matches,
    () => false,
  );
}
