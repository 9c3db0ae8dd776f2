// next-auth's logger, as one pino line per event: the code and a short reason, never a stack, a token or a cookie.
import 'server-only';
import type { LoggerInstance } from 'next-auth';
import type { Logger } from 'pino';
import { log } from '@/lib/log/logger';

const MAX_REASON = 200;

/** What pgwarden does about the codes people see most, so a line reads without the next-auth docs. */
const MEANING: Record<string, string> = {
  JWT_SESSION_ERROR:
    'a session cookie could not be read (forged, damaged or signed with another secret); treated as signed out',
  SESSION_ERROR: 'the session could not be read; treated as signed out',
  OAUTH_CALLBACK_ERROR: 'the identity provider sent back an answer pgwarden could not accept',
  OAUTH_CALLBACK_HANDLER_ERROR: 'the identity provider sent back an answer pgwarden could not accept',
  SIGNIN_OAUTH_ERROR: 'the identity provider could not be reached to start sign-in',
};

function errorOf(metadata: unknown): { name?: string; message?: string } | null {
  if (metadata instanceof Error) return metadata;
  if (metadata && typeof metadata === 'object' && 'error' in metadata) return errorOf(metadata.error);
  if (metadata && typeof metadata === 'object' && 'message' in metadata) return metadata as { message?: string };
  return null;
}

/** The first line of the error's message, shortened, with credentials in any URL it quotes removed. */
function reasonOf(metadata: unknown): string | undefined {
  const error = errorOf(metadata);
  const message = typeof error?.message === 'string' ? error.message : undefined;
  if (!message) return undefined;
  const firstLine = message.split(/\r?\n/, 1)[0]!.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@\s/]+@/gi, '$1[redacted]@');
  return firstLine.length > MAX_REASON ? `${firstLine.slice(0, MAX_REASON)}…` : firstLine;
}

function providerOf(metadata: unknown): string | undefined {
  if (metadata && typeof metadata === 'object' && 'providerId' in metadata && typeof metadata.providerId === 'string')
    return metadata.providerId;
  return undefined;
}

export function authLoggerOn(logger: Logger): LoggerInstance {
  return {
    error(code, metadata) {
      const error = errorOf(metadata);
      // The known codes are caused by what a browser or a provider sent; anything else is pgwarden's to fix.
      logger[code in MEANING ? 'warn' : 'error'](
        {
          event: 'auth_error',
          code,
          error: error?.name || undefined,
          reason: reasonOf(metadata),
          provider: providerOf(metadata),
        },
        MEANING[code] ?? `next-auth reported ${code}`,
      );
    },
    warn(code) {
      logger.warn({ event: 'auth_warning', code }, `next-auth warns: ${code}`);
    },
    debug(code) {
      logger.debug({ event: 'auth_debug', code }, `next-auth: ${code}`);
    },
  };
}

export const authLogger = authLoggerOn(log);
