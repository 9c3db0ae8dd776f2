import { describe, expect, it } from 'vitest';
import { capturedLogger } from '@/test/captured-log';
import { authLoggerOn } from './auth-logger';

function capture() {
  const { lines, logger } = capturedLogger();
  return { lines, logger: authLoggerOn(logger) };
}

describe("next-auth's logger", () => {
  it('writes a bad session cookie as one warning line: the code and the reason, no stack', () => {
    const { lines, logger } = capture();
    const error = new Error('decryption operation failed');
    logger.error('JWT_SESSION_ERROR', error);
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'warn', event: 'auth_error', code: 'JWT_SESSION_ERROR' });
    expect(entry.reason).toBe('decryption operation failed');
    expect(lines[0]).not.toContain(error.stack!.split('\n')[1]!.trim());
  });

  it("keeps only the first line of a message, shortened, without a URL's credentials", () => {
    const { lines, logger } = capture();
    logger.error('OAUTH_CALLBACK_ERROR', {
      error: new Error(`connect to https://client:s3cret@idp.example/token failed\n${'x'.repeat(500)}`),
      providerId: 'oidc',
    });
    logger.error('SOMETHING_NEW', new Error('y'.repeat(500)));
    expect(lines).toHaveLength(2);
    const [oauth, unknown] = lines.map((line) => JSON.parse(line));
    expect(oauth).toMatchObject({ level: 'warn', provider: 'oidc' });
    expect(oauth.reason).toBe('connect to https://[redacted]@idp.example/token failed');
    expect(lines.join('\n')).not.toContain('s3cret');
    expect(unknown).toMatchObject({ level: 'error', code: 'SOMETHING_NEW', msg: 'next-auth reported SOMETHING_NEW' });
    expect(unknown.reason.length).toBeLessThanOrEqual(201);
  });
});
