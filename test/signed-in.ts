// Stands in for lib/dal/caller in integration tests of the data-access layer: who is signed in is set by the test
// (next-auth needs a real request); config, PostgreSQL and the audit database stay real. Use it as
// `vi.mock('@/lib/dal/caller', () => import('@/test/signed-in'))` and set `signedIn.identity`.
import type { Identity } from '@/lib/auth/roles';

export const signedIn: { identity: Identity | null } = { identity: null };

export async function currentIdentity(): Promise<Identity | null> {
  return signedIn.identity;
}

export async function unauthenticatedMessage(): Promise<string> {
  return 'You are not signed in, or your session expired. Sign in again.';
}

export function authenticatedBy(): 'cookie' | 'token' {
  return 'cookie';
}
