'use server';

import { signalSessions } from '@/lib/dal/signals';

/** Cancel or terminate sessions; lib/dal/signals validates the input and authorises the caller itself. */
export async function signalSessionsAction(input: unknown) {
  return signalSessions(input);
}
