// The accounts of the e2e OpenID Connect provider (e2e/oidc-provider.ts), shared with the specs that sign in as them.
// Kept apart from the provider so spec files do not load oidc-provider itself.

export interface OidcAccount {
  /** Also the login id typed on the provider's sign-in page, and the `sub` claim. */
  email: string;
  name: string;
  groups: string[];
  emailVerified: boolean;
}

/** How the sign-in page names the provider: "Sign in with <name>". */
export const OIDC_PROVIDER_NAME = 'Corp SSO';

/** Groups mapped to roles by e2e/app-under-test.ts: dba -> operator on main, leads -> viewer on main. */
export const OIDC_ACCOUNTS = {
  oncall: { email: 'oncall@corp.e2e.test', name: 'On-call Engineer', groups: ['dba'], emailVerified: true },
  lead: { email: 'lead@corp.e2e.test', name: 'Team Lead', groups: ['leads'], emailVerified: true },
  /** In no mapped group: signs in, has no role. */
  contractor: { email: 'contractor@corp.e2e.test', name: 'Contractor', groups: ['contractors'], emailVerified: true },
  /** Claims a local operator's address that the provider never verified. */
  impostor: { email: 'operator@e2e.test', name: 'Impostor', groups: [], emailVerified: false },
} satisfies Record<string, OidcAccount>;

export type OidcAccountName = keyof typeof OIDC_ACCOUNTS;
