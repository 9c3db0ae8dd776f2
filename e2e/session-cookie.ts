// The app's session cookie (next-auth, JWT strategy): read from a signed-in browser, or minted with the app's secret.
import type { BrowserContext } from '@playwright/test';
import { encode } from 'next-auth/jwt';

/** next-auth's cookie name over plain http (https adds a __Secure- prefix). */
export const SESSION_COOKIE = 'next-auth.session-token';

export async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name === SESSION_COOKIE);
  if (!cookie) throw new Error(`the browser has no ${SESSION_COOKIE} cookie: sign the page in first`);
  return cookie.value;
}

export interface MintedIdentity {
  email: string;
  name?: string;
  groups?: string[];
  provider?: string;
}

/** A session token shaped like the one sign-in issues; a negative `maxAgeSeconds` makes one that expired that long ago. */
export function mintSessionToken(secret: string, identity: MintedIdentity, maxAgeSeconds: number): Promise<string> {
  return encode({
    secret,
    maxAge: maxAgeSeconds,
    token: {
      sub: identity.email,
      email: identity.email,
      name: identity.name ?? identity.email,
      groups: identity.groups ?? [],
      provider: identity.provider ?? 'local',
    },
  });
}
