import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallbackPath, signInChoices } from '@/lib/auth/providers-list';

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
  const error = typeof params.error === 'string' ? (errors[params.error] ?? 'Sign-in failed. Try again.') : null;
  return (
    <main className="mx-auto mt-24 max-w-sm space-y-6 px-4">
      <h1 className="text-2xl font-semibold">Sign in to pgwarden</h1>
      <SignInForm choices={signInChoices()} callbackUrl={safeCallbackPath(params.callbackUrl)} initialError={error} />
    </main>
  );
}
