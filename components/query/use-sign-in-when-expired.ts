'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { RequestError } from './fetch-result';

/** An expired session sends the user to sign-in, and back to this exact view afterwards. */
export function useSignInWhenExpired(error: Error | null) {
  const router = useRouter();
  const expired = error instanceof RequestError && error.code === 'unauthenticated';
  useEffect(() => {
    if (expired)
      router.replace(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }, [expired, router]);
}
