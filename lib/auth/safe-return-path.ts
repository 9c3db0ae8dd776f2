// Where sign-in may send someone back to: pgwarden's own pages only, decided the way a browser reads the URL.
// Pure (no server-only): the sign-in page, the sign-in form, next-auth's redirect callback and every link that
// carries a callbackUrl use it.

/** Where people land when the value they came with is missing or points elsewhere. */
export const DEFAULT_RETURN_PATH = '/';

// Resolves relative values when the caller has no origin of its own (paths pgwarden built itself).
const PLACEHOLDER_ORIGIN = 'http://pgwarden.invalid';

function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    // Opaque origins (javascript:, data:, file:) all serialise as "null" and would equal each other.
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * The path (with query and fragment) of `value` when it is on `ownOrigin`, else DEFAULT_RETURN_PATH. The value is
 * parsed by the WHATWG URL parser, as a browser would (tabs and newlines dropped, `\` read as `/`, `//host` is
 * another host), and compared by origin, so no spelling of another site gets through.
 */
export function safeReturnPath(value: unknown, ownOrigin: string | null = null): string {
  const raw = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (typeof raw !== 'string' || raw === '') return DEFAULT_RETURN_PATH;
  const base = (ownOrigin && originOf(ownOrigin)) ?? PLACEHOLDER_ORIGIN;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== base) return DEFAULT_RETURN_PATH;
  // "https://own//evil.example" is same-origin, but its path alone would read as protocol-relative.
  if (url.pathname.startsWith('//')) return DEFAULT_RETURN_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's URL that brings the user back to `returnTo` (a pgwarden path) afterwards. */
export function signInPathFor(returnTo: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`;
}
