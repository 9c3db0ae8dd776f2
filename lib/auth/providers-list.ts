// The sign-in choices the config enables, as the sign-in page shows them (no secrets).
import 'server-only';
import { getConfig } from '@/lib/config/load';

export interface SignInChoices {
  local: boolean;
  sso: { id: string; name: string }[];
}

export function signInChoices(): SignInChoices {
  const { auth } = getConfig();
  const sso: SignInChoices['sso'] = [];
  if (auth.oidc) sso.push({ id: 'oidc', name: auth.oidc.name });
  if (auth.github) sso.push({ id: 'github', name: 'GitHub' });
  return { local: auth.localUsers.length > 0, sso };
}
