// Who is calling, from the next-auth session cookie; roles are not trusted from the token but looked up.
import 'server-only';
import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { withCookieSecurity } from '@/lib/auth/cookie-security';
import { authOptions } from '@/lib/auth/options';
import type { Identity } from '@/lib/auth/roles';

interface PgwardenSession {
  user?: { email?: string | null; name?: string | null };
  groups?: string[];
  provider?: string;
}

export async function currentIdentity(): Promise<Identity | null> {
  const session = (await getServerSession(
    withCookieSecurity(authOptions(), await headers()),
  )) as PgwardenSession | null;
  const email = session?.user?.email;
  if (!email) return null;
  return {
    email,
    name: session.user?.name ?? null,
    groups: session.groups ?? [],
    provider: session.provider ?? 'unknown',
  };
}
