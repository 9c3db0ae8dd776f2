// pgwarden's one logger: a JSON line per event (pino), secrets removed by redaction paths, not by hand.
import 'server-only';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

/** Fields that may hold a secret or a connection string, wherever they appear in a log event. */
export const REDACTED_PATHS = [
  'url',
  '*.url',
  'connectionString',
  '*.connectionString',
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'secret',
  '*.secret',
  'clientSecret',
  '*.clientSecret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'headers.authorization',
  'stateDatabaseUrl',
  '*.stateDatabaseUrl',
  // Webhook receivers, logged alone, as a list or as part of the config: a receiver's URL may itself be a secret.
  'receivers[*].url',
  'receivers[*].secret',
  '*.receivers[*].url',
  '*.receivers[*].secret',
  'notifications.receivers[*].url',
  'notifications.receivers[*].secret',
  'config.notifications.receivers[*].url',
  'config.notifications.receivers[*].secret',
];

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function levelFromEnv(): string {
  const level = (process.env.PGWARDEN_LOG_LEVEL ?? 'info').toLowerCase();
  return LEVELS.includes(level) ? level : 'info';
}

export function createLogger(destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: levelFromEnv(),
    base: { service: 'pgwarden' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
  };
  // PGWARDEN_LOG_FORMAT=pretty gives the demo's terminal readable lines; anything else is JSON for shippers.
  const stream =
    destination ??
    (process.env.PGWARDEN_LOG_FORMAT === 'pretty'
      ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' })
      : pino.destination({ sync: true }));
  return pino(options, stream);
}

const holder = globalThis as { __pgwardenLogger?: Logger };

/** The process-wide logger; every event names itself with an `event` field. */
export const log: Logger = (holder.__pgwardenLogger ??= createLogger());
