// Turns driver and server errors into a sentence a person can act on, without any secret in it.
import 'server-only';

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening at the configured host and port; is PostgreSQL running?',
  ENOTFOUND: 'the configured host name does not resolve',
  ETIMEDOUT: 'the connection timed out; check the network path to the server',
  ECONNRESET: 'the server closed the connection',
  '28P01': 'password authentication failed for the configured role; check the connection string',
  '28000': 'the server refused the configured role (pg_hba.conf or role settings)',
  '3D000': 'the configured database does not exist',
  '53300': 'the server has no free connection slots (max_connections); pgwarden keeps its own open once connected',
  '57P01': 'the server is shutting down or the connection was terminated',
  '57P03': 'the server is starting up or in recovery and not accepting connections yet',
  '57014': 'the query was cancelled by statement_timeout; the server is overloaded',
};

function redact(text: string): string {
  return text.replace(/postgres(ql)?:\/\/\S+/gi, 'postgres://***');
}

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** The sentence for a known connection or server error code, without the driver's message (it may name the host). */
export function connectionHint(error: unknown): string | undefined {
  const code = pgErrorCode(error);
  return code ? CONNECTION_CODES[code] : undefined;
}

export function describePgError(error: unknown): string {
  const code = pgErrorCode(error);
  const raw = error instanceof Error ? error.message : String(error);
  const hint = code ? CONNECTION_CODES[code] : undefined;
  const message = redact(raw || code || 'unknown error');
  return hint ? `${message} (${hint})` : message;
}
