// A real OpenID Connect provider (the oidc-provider package) on loopback, for the sign-in specs. One client, the app
// under test; accounts from e2e/oidc-accounts.ts, whose login id is their email. Its built-in development
// interactions serve the login page (any password) and the consent page. Started by e2e/app-under-test.ts.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider, type Account } from 'oidc-provider';
import { OIDC_ACCOUNTS, type OidcAccount } from './oidc-accounts';

export interface OidcProviderHandle {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

const accounts = new Map<string, OidcAccount>(Object.values(OIDC_ACCOUNTS).map((account) => [account.email, account]));

function findAccount(_ctx: unknown, id: string): Account | undefined {
  const account = accounts.get(id);
  if (!account) return undefined;
  return {
    accountId: id,
    claims: () => ({
      sub: id,
      email: account.email,
      email_verified: account.emailVerified,
      name: account.name,
      groups: account.groups,
    }),
  };
}

/** Listens on a free loopback port; `redirectUri` is the app's `<baseURL>/api/auth/callback/oidc`. */
export async function startOidcProvider({ redirectUri }: { redirectUri: string }): Promise<OidcProviderHandle> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'pgwarden-e2e';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri] }],
    findAccount,
    // conformIdTokenClaims stays on (the default), as on a strictly conformant provider: in the code flow, email, name
    // and groups come from the userinfo endpoint, not in the ID token.
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    jwks: { keys: [generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // Set, rather than left to defaults that print a notice each; a test run is over long before any of these.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  provider.on('server_error', (_ctx, error) => process.stderr.write(`[e2e oidc] ${error.stack ?? error.message}\n`));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
