// Next.js and libraries print errors with console.error (a stack over many lines, whatever anyone sent): route the
// server's console through the logger, so each is one JSON line and a request cannot flood the log with stacks.
import 'server-only';
import { format } from 'node:util';
import { log } from './logger';

const MAX_MESSAGE = 2000;
const levels = { error: 'error', warn: 'warn', info: 'info', log: 'info', debug: 'debug' } as const;
const installed = globalThis as { __pgwardenConsoleToLog?: boolean };

/** The first line of what would have been printed, without an Error's stack (kept at debug level only). */
function summarise(args: unknown[]): { message: string; stack?: string } {
  const error = args.find((arg): arg is Error => arg instanceof Error);
  const printable = args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : arg));
  const text = format(...printable)
    .replace(/\s*\n\s*/g, ' ')
    .slice(0, MAX_MESSAGE);
  return log.isLevelEnabled('debug') && error?.stack ? { message: text, stack: error.stack } : { message: text };
}

export function routeConsoleToLog(): void {
  if (installed.__pgwardenConsoleToLog) return;
  installed.__pgwardenConsoleToLog = true;
  for (const [method, level] of Object.entries(levels) as [
    keyof typeof levels,
    (typeof levels)[keyof typeof levels],
  ][]) {
    console[method] = (...args: unknown[]) => {
      const { message, stack } = summarise(args);
      log[level]({ event: 'server_console', ...(stack ? { stack } : {}) }, message);
    };
  }
}
