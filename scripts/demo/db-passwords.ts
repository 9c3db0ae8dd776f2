// Passwords of the demo's database roles: random ones, SCRAM verifiers so that a password is set without sending it,
// and the superuser's, kept beside the data folder so that a restart can reuse the data.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from './private-file';

/** A random password safe in URLs (base64url, 144 bits). */
export function randomDbPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A SCRAM-SHA-256 verifier as PostgreSQL stores it; `PASSWORD '<verifier>'` sets a password without sending it. */
export function scramVerifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The 0600 file beside the data folder that keeps the superuser password, so a restart reuses the data. */
export function superuserPasswordFile(dataDir: string): string {
  return `${path.resolve(dataDir)}.superuser-password`;
}

/** The superuser password of the cluster in `dataDir`: the kept one, or a new one for a cluster not created yet. */
export function readOrCreateSuperuserPassword(dataDir: string): string {
  const file = superuserPasswordFile(dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (existsSync(file)) {
    const password = readFileSync(file, 'utf8').trim();
    if (password) {
      chmodSync(file, 0o600);
      return password;
    }
  }
  if (initialised) {
    throw new Error(
      `${dataDir} holds a PostgreSQL cluster but its superuser password file ${file} is missing: ` +
        `delete ${dataDir} to start over with a fresh demo database`,
    );
  }
  const password = randomDbPassword();
  writePrivateFile(file, `${password}\n`);
  return password;
}
