// The app's log (next start's stdout and stderr, written by e2e/app-under-test.ts beside its config file).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export function appLogPath(appConfigPath: string): string {
  return path.join(path.dirname(appConfigPath), 'next.log');
}

/** Remembers where the log ends now; `lines()` then returns what was written since. */
export function logMark(appConfigPath: string): { lines: () => string[] } {
  const file = appLogPath(appConfigPath);
  const start = statSync(file).size;
  return {
    lines: () =>
      readFileSync(file)
        .subarray(start)
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== ''),
  };
}

/** The log's lines that are JSON events, parsed; other lines are returned as `{ raw }`. */
export function parsed(lines: string[]): Record<string, unknown>[] {
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return { raw: line };
    }
  });
}
