import { headers } from 'next/headers';
import { SignInForm } from '@/components/auth/sign-in-form';
import { signInChoices } from '@/lib/auth/providers-list';
import { safeReturnPath } from '@/lib/auth/safe-return-path';
import { throttledMessage } from '@/lib/auth/throttle-message';
import { getConfig } from '@/lib/config/load';
import { expectedOrigin } from '@/lib/http/request-origin';

export const dynamic = 'force-dynamic';

const errors: Record<string, string> = {
  CredentialsSignin: 'Wrong email or password.',
  OAuthSignin: 'The identity provider could not be reached. Try again, or ask an admin to check the OIDC settings.',
  OAuthCallback: 'The identity provider sent back an answer pgwarden could not accept. Try again.',
  SessionRequired: 'Please sign in.',
  AccessDenied:
    'Your identity provider sent no verified email address for this account, and pgwarden grants roles by email. Ask its admin to verify your address.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl, expectedOrigin(await headers(), getConfig()));
  const error =
    typeof params.error === 'string'
      ? (throttledMessage(params.error) ?? errors[params.error] ?? 'Sign-in failed. Try again.')
      : null;
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-4">
      <h1 className="text-2xl font-semibold">Sign in to pgwarden</h1>
      <SignInForm choices={signInChoices()} callbackUrl={callbackUrl} initialError={error} />
    </main>
  );
}
