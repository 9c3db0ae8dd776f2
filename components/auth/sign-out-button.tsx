'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton() {
  return (
    <button
      type="button"
      className="text-zinc-600 dark:text-zinc-400 underline"
      onClick={() => signOut({ callbackUrl: '/signin' })}
    >
      Sign out
    </button>
  );
}
