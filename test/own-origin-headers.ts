// Stands in for next/headers in integration tests: the request as a browser on pgwarden's own pages sends it (the
// Origin check itself is proven end to end in e2e/). Use it as `vi.mock('next/headers', () => import(...))`.
export async function headers(): Promise<Headers> {
  return new Headers({ host: 'pgwarden.test', origin: 'http://pgwarden.test' });
}
