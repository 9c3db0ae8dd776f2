// `npm run hash-password`: prints a bcrypt hash for auth.localUsers[].passwordHash in the pgwarden config file.
//
//   npm run hash-password                      asks for the password twice, without echo
//   printf '%s' "$PASSWORD" | npm run -s hash-password    reads it from standard input (one trailing newline dropped)
//   npm run hash-password -- --rounds 13       another bcrypt cost (10 to 15; default 12)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import bcrypt from 'bcryptjs';

export const DEFAULT_ROUNDS = 12;
const MIN_LENGTH = 8;
/** bcrypt only uses the first 72 bytes of a password. */
const MAX_BYTES = 72;

export class PasswordError extends Error {}

/** Checks a password and returns its bcrypt hash. */
export async function hashPassword(password: string, rounds = DEFAULT_ROUNDS): Promise<string> {
  if (!Number.isInteger(rounds) || rounds < 10 || rounds > 15) throw new PasswordError('--rounds must be 10 to 15');
  if (password.length === 0) throw new PasswordError('the password is empty');
  if (password.length < MIN_LENGTH) throw new PasswordError(`the password is shorter than ${MIN_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > MAX_BYTES) {
    throw new PasswordError(`the password is longer than ${MAX_BYTES} bytes, which bcrypt would silently cut`);
  }
  return bcrypt.hash(password, rounds);
}

/** All of standard input, less one trailing newline. */
export async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads one line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  const stderr = process.stderr;
  return new Promise((resolve, reject) => {
    stderr.write(question);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (error?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new PasswordError('cancelled')); // Ctrl-C
        if (char === '\u0004') return value ? undefined : done(new PasswordError('cancelled')); // Ctrl-D on an empty line
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}

export function parseRounds(args: string[]): number {
  const index = args.findIndex((arg) => arg === '--rounds' || arg.startsWith('--rounds='));
  if (index === -1) return DEFAULT_ROUNDS;
  const arg = args[index]!;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  return Number(value);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      'Usage: npm run hash-password [-- --rounds N]   (password from the terminal or standard input)\n',
    );
    return;
  }
  try {
    const rounds = parseRounds(args);
    let password: string;
    if (process.stdin.isTTY) {
      password = await promptHidden('Password: ');
      const again = await promptHidden('Repeat password: ');
      if (again !== password) throw new PasswordError('the passwords do not match');
    } else {
      password = await readAll(process.stdin);
    }
    const hash = await hashPassword(password, rounds);
    process.stdout.write(`${hash}\n`);
    if (process.stdout.isTTY) {
      process.stderr.write('Put it in the config file as auth.localUsers[].passwordHash (with the user\'s "email").\n');
    }
  } catch (error) {
    process.stderr.write(`hash-password: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  void main();
}
