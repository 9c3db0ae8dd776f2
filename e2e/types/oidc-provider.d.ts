// oidc-provider ships no type declarations: the part of its API that e2e/oidc-provider.ts uses.
declare module 'oidc-provider' {
  import type { JsonWebKey } from 'node:crypto';
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface Account {
    accountId: string;
    claims(): { sub: string; [claim: string]: unknown };
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
    [metadata: string]: unknown;
  }

  export interface Configuration {
    clients?: ClientMetadata[];
    findAccount?: (ctx: unknown, id: string) => Account | undefined | Promise<Account | undefined>;
    /** Scope name -> the claims it releases. */
    claims?: Record<string, string[]>;
    jwks?: { keys: JsonWebKey[] };
    cookies?: { keys?: string[] };
    /** Model name (Session, Grant, AccessToken...) -> lifetime in seconds. */
    ttl?: Record<string, number>;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): this;
  }
}
