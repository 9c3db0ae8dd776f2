// A service token's secret and the hash pgwarden keeps of it.
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'pgw_';

/** 256 random bits: far beyond guessing, so a fast hash is enough (see hashSecret). */
export function generateSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * sha256, not bcrypt: bcrypt's slowness protects low-entropy passwords, while a 256-bit random secret cannot be
 * brute-forced whatever the hash; a deterministic hash also lets every call find its token by a unique index,
 * where bcrypt would cost ~100 ms per API call and a scan of every token.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
