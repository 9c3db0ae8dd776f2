// Writes a pgwarden config file for an integration test and points PGWARDEN_CONFIG at it (read once per test file).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import type { configSchema } from '@/lib/config/schema';

export function useTestConfig(
  name: string,
  config: Omit<z.input<typeof configSchema>, 'auth'> & { roles: unknown[] },
): string {
  const { roles, ...rest } = config;
  mkdirSync('.pgwarden/test', { recursive: true });
  const file = `.pgwarden/test/${name}-${randomBytes(4).toString('hex')}.json`;
  writeFileSync(file, JSON.stringify({ ...rest, auth: { secret: randomBytes(32).toString('hex'), roles } }), {
    mode: 0o600,
  });
  process.env.PGWARDEN_CONFIG = file;
  return file;
}

/** Polls `read` until `done` accepts its value, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs}ms; last value: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
