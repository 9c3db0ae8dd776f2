// Rebuilds the URL a page was opened with, so sign-in can bring the user back with filters intact.
import { safeReturnPath } from '@/lib/auth/safe-return-path';

export function returnPath(pathname: string, searchParams: Record<string, string | string[] | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  const query = params.toString();
  return safeReturnPath(query ? `${pathname}?${query}` : pathname);
}
