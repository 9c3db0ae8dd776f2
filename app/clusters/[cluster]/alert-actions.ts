'use server';

import { acknowledgeAlert } from '@/lib/dal/alerts';

/** Acknowledge an alert; lib/dal/alerts checks the origin, validates the input and authorises the caller itself. */
export async function acknowledgeAlertAction(input: unknown) {
  return acknowledgeAlert(input);
}
