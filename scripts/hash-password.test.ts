// `npm run hash-password`: a bcrypt hash the config accepts, from standard input; refuses passwords bcrypt mishandles.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { hashPassword, parseRounds } from './hash-password';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(input: string, args: string[] = []) {
  return spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/hash-password.ts', ...args],
    {
      cwd: ROOT,
      input,
      encoding: 'utf8',
    },
  );
}

describe('hash-password', () => {
  it('prints a bcrypt hash of the password read from standard input (one trailing newline dropped)', () => {
    const result = run('correct horse battery\n');
    expect(result.status).toBe(0);
    const hash = result.stdout.trim();
    expect(hash).toMatch(/^\$2[aby]\$12\$/);
    expect(bcrypt.compareSync('correct horse battery', hash)).toBe(true);
    expect(bcrypt.compareSync('correct horse battery\n', hash)).toBe(false);
  }, 30_000);

  it('takes --rounds and refuses empty input', () => {
    const result = run('another long password', ['--rounds', '10']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\$2[aby]\$10\$/);
    const empty = run('');
    expect(empty.status).toBe(1);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('the password is empty');
  }, 30_000);

  it('refuses short passwords, passwords bcrypt would cut, and odd costs', async () => {
    await expect(hashPassword('short')).rejects.toThrow(/shorter than 8/);
    await expect(hashPassword('é'.repeat(40))).rejects.toThrow(/72 bytes/);
    await expect(hashPassword('long enough password', 4)).rejects.toThrow(/rounds/);
    expect(parseRounds(['--rounds=11'])).toBe(11);
    expect(parseRounds([])).toBe(12);
  });
});
