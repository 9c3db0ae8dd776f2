import type { OAuthConfig, UserinfoEndpointHandler } from 'next-auth/providers/oauth';
import type { BaseClient, TokenSet } from 'openid-client';
import { describe, expect, it } from 'vitest';
import { configSchema } from '@/lib/config/schema';
import { buildAuthOptions } from './options';

const options = buildAuthOptions(
  configSchema.parse({
    clusters: [{ id: 'main', url: 'postgres://pgwarden_monitor:secret@db.internal:5432/postgres' }],
    auth: {
      oidc: {
        issuer: 'https://login.corp.example',
        clientId: 'pgwarden',
        clientSecret: 'secret',
        groupsClaim: 'roles',
      },
    },
  }),
);
const oidc = options.providers.find((provider) => provider.id === 'oidc') as OAuthConfig<Record<string, unknown>>;
const claimsOf = (oidc.userinfo as UserinfoEndpointHandler).request!;

// What openid-client hands over after verifying the ID token, and a client whose userinfo answer we choose.
function signInWith(
  idToken: Record<string, unknown>,
  userinfo: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const tokens = { access_token: 'at', claims: () => idToken } as unknown as TokenSet;
  const client = { userinfo: async () => userinfo } as unknown as BaseClient;
  return claimsOf({ tokens, client, provider: oidc as never }) as Promise<Record<string, unknown>>;
}

describe('the OpenID Connect provider', () => {
  it('completes the ID token with the userinfo answer, where conformant providers put email, name and groups', async () => {
    const claims = await signInWith(
      { sub: 'u1', iss: 'https://login.corp.example' },
      { sub: 'u1', email: 'a@corp.example', roles: ['dba'] },
    );
    expect(oidc.profile(claims, {})).toEqual({ id: 'u1', email: 'a@corp.example', name: null, groups: ['dba'] });
  });

  it('refuses a userinfo answer about another subject than the ID token', async () => {
    await expect(signInWith({ sub: 'u1' }, { sub: 'u2', email: 'admin@corp.example' })).rejects.toThrow(
      'another subject',
    );
  });

  it('keeps no email the provider says it has not verified, and sign-in refuses a profile without one', async () => {
    const unverified = oidc.profile({ sub: 'u3', email: 'admin@corp.example', email_verified: false }, {});
    expect(unverified).toMatchObject({ email: null });
    expect(oidc.profile({ sub: 'u4', email: 'b@corp.example', email_verified: true }, {})).toMatchObject({
      email: 'b@corp.example',
    });
    const signIn = options.callbacks!.signIn!;
    const account = { provider: 'oidc', type: 'oauth' as const, providerAccountId: 'u3' };
    expect(await signIn({ user: unverified as never, account })).toBe(false);
    expect(await signIn({ user: { id: 'u4', email: 'b@corp.example' }, account })).toBe(true);
  });
});

describe("next-auth's redirects", () => {
  const redirect = options.callbacks!.redirect!;
  const baseUrl = 'https://pgwarden.example.com';

  it('stay on pgwarden, however the URL is spelled', async () => {
    for (const url of ['/\t/evil.example', '//evil.example', 'https://evil.example/', '/\\evil.example'])
      expect(await redirect({ url, baseUrl })).toBe(`${baseUrl}/`);
    expect(await redirect({ url: '/clusters/main/sessions?hideIdle=1', baseUrl })).toBe(
      `${baseUrl}/clusters/main/sessions?hideIdle=1`,
    );
    expect(await redirect({ url: `${baseUrl}/audit`, baseUrl })).toBe(`${baseUrl}/audit`);
  });
});
