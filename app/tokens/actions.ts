'use server';

import { createServiceToken, revokeServiceToken } from '@/lib/dal/tokens';

/** lib/dal/tokens validates the input and checks the admin role itself. */
export async function createTokenAction(input: unknown) {
  return createServiceToken(input);
}

export async function revokeTokenAction(name: unknown) {
  return revokeServiceToken({ name });
}
