'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { signInPathFor } from '@/lib/auth/safe-return-path';
import { RequestError } from './fetch-result';

/** An expired session sends the user to sign-in, and back to this exact view afterwards. */
export function useSignInWhenExpired(error: Error | null) {
  const router = useRouter();
  const expired = error instanceof RequestError && error.code === 'unauthenticated';
  useEffect(() => {
    if (expired) router.replace(signInPathFor(window.location.pathname + window.location.search));
  }, [expired, router]);
}
