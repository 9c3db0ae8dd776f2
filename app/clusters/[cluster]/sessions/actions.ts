'use server';

import { askOwner, sessionOwner } from '@/lib/dal/ask-owner';
import { signalSessions } from '@/lib/dal/signals';

/** Cancel or terminate sessions; lib/dal/signals validates the input and authorises the caller itself. */
export async function signalSessionsAction(input: unknown) {
  return signalSessions(input);
}

/** Who owns a session (team and contact), for the detail panel; viewers and up. */
export async function sessionOwnerAction(input: unknown) {
  return sessionOwner(input);
}

/** Sends the owning team a note about a session; lib/dal/ask-owner checks origin, role, input and limits. */
export async function askOwnerAction(input: unknown) {
  return askOwner(input);
}
