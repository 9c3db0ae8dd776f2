// next-auth options built from the validated config: local users, generic OpenID Connect, GitHub.
import 'server-only';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import type { UserinfoEndpointHandler } from 'next-auth/providers/oauth';
import type { TokenSet } from 'openid-client';
import type { PgwardenConfig } from '@/lib/config/schema';
import { getConfig } from '@/lib/config/load';
import { authLogger } from './auth-logger';
import { signInLocalUser } from './local-sign-in';
import { safeReturnPath } from './safe-return-path';

function localUsersProvider(config: PgwardenConfig) {
  return CredentialsProvider({
    id: 'local',
    name: 'Local user',
    credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
    authorize(credentials, request) {
      return signInLocalUser(config, credentials, request.headers ?? {});
    },
  });
}

/** The verified ID token's claims, completed by the userinfo answer, which must be about the same subject. */
const verifiedClaims: NonNullable<UserinfoEndpointHandler['request']> = async ({ client, tokens }) => {
  // next-auth passes the TokenSet whose ID token client.callback() verified; its type only says "parameters".
  const verified = tokens as TokenSet;
  const idToken = verified.claims();
  const userinfo = await client.userinfo(verified);
  if (userinfo.sub !== idToken.sub) throw new Error('the userinfo answer is about another subject than the ID token');
  return { ...idToken, ...userinfo };
};

function oidcProvider(oidc: NonNullable<PgwardenConfig['auth']['oidc']>) {
  return {
    id: 'oidc',
    name: oidc.name,
    type: 'oauth' as const,
    wellKnown: `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state'] as ('pkce' | 'state')[],
    // A conformant provider puts email, name and groups in the userinfo answer, not in the code flow's ID token.
    userinfo: { request: verifiedClaims },
    profile(profile: Record<string, unknown>) {
      const groups = profile[oidc.groupsClaim];
      // Roles are granted by email: an address the provider says it has not verified could be anyone's.
      const verifiedEmail = typeof profile.email === 'string' && profile.email_verified !== false;
      return {
        id: String(profile.sub),
        email: verifiedEmail ? (profile.email as string) : null,
        name: typeof profile.name === 'string' ? profile.name : null,
        groups: Array.isArray(groups) ? groups.map(String) : [],
      };
    },
  };
}

export function buildAuthOptions(config: PgwardenConfig): AuthOptions {
  const providers: AuthOptions['providers'] = [];
  if (config.auth.localUsers.length > 0) providers.push(localUsersProvider(config));
  if (config.auth.oidc) providers.push(oidcProvider(config.auth.oidc));
  if (config.auth.github) providers.push(GitHubProvider(config.auth.github));
  return {
    secret: config.auth.secret,
    providers,
    logger: authLogger,
    session: { strategy: 'jwt', maxAge: Math.round(config.auth.sessionMaxAgeHours * 3600) },
    jwt: { maxAge: Math.round(config.auth.sessionMaxAgeHours * 3600) },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      // Every redirect next-auth makes (callbackUrl parameter or cookie, sign-out) stays on pgwarden.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeReturnPath(url, baseUrl)}`;
      },
      // Without an email there is nothing to look a role up by: refuse at sign-in rather than loop back to it.
      signIn({ user }) {
        return Boolean(user.email);
      },
      jwt({ token, user, account }) {
        if (user && account) {
          token.email = user.email ?? token.email;
          token.name = user.name ?? token.name;
          token.groups = (user as { groups?: string[] }).groups ?? [];
          token.provider = account.provider;
        }
        return token;
      },
      session({ session, token }) {
        return {
          ...session,
          user: { email: token.email ?? null, name: token.name ?? null },
          groups: Array.isArray(token.groups) ? token.groups : [],
          provider: typeof token.provider === 'string' ? token.provider : 'unknown',
        };
      },
    },
  };
}

let cached: { config: PgwardenConfig; options: AuthOptions } | undefined;

/** Rebuilt when the config changes, so edited local users and providers apply without a restart. */
export function authOptions(): AuthOptions {
  const config = getConfig();
  if (!process.env.NEXTAUTH_URL) {
    if (config.publicUrl) process.env.NEXTAUTH_URL = config.publicUrl;
    else process.env.AUTH_TRUST_HOST ??= '1';
  }
  if (cached?.config !== config) cached = { config, options: buildAuthOptions(config) };
  return cached.options;
}
