'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { safeReturnPath } from '@/lib/auth/safe-return-path';
import { throttledMessage } from '@/lib/auth/throttle-message';

interface Props {
  choices: { local: boolean; sso: { id: string; name: string }[] };
  callbackUrl: string;
  initialError: string | null;
}

const field = 'w-full rounded border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900';

export function SignInForm({ choices, callbackUrl: requested, initialError }: Props) {
  // The page already checked it against the configured origin; checked again against the one the browser is on.
  const callbackUrl = safeReturnPath(requested, typeof window === 'undefined' ? null : window.location.origin);
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const result = await signIn('local', {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      redirect: false,
    });
    setBusy(false);
    if (result?.ok && !result.error) window.location.assign(callbackUrl);
    else setError(throttledMessage(result?.error) ?? 'Wrong email or password.');
  }

  return (
    <div className="space-y-4">
      {error && (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      )}
      {choices.sso.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className="w-full rounded bg-zinc-900 px-3 py-2 text-white dark:bg-zinc-100 dark:text-zinc-900"
          onClick={() => signIn(provider.id, { callbackUrl })}
        >
          Sign in with {provider.name}
        </button>
      ))}
      {choices.local && (
        <form onSubmit={submit} className="space-y-3">
          <label className="block text-sm">
            Email
            <input name="email" type="email" autoComplete="username" required className={field} />
          </label>
          <label className="block text-sm">
            Password
            <input name="password" type="password" autoComplete="current-password" required className={field} />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="w-full rounded bg-sky-700 px-3 py-2 font-medium text-white disabled:opacity-50"
          >
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {!choices.local && choices.sso.length === 0 && (
        <p className="text-sm">No sign-in method is configured. Add localUsers or an oidc provider to the config.</p>
      )}
    </div>
  );
}
