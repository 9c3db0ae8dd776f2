import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { log } from './logger';
import { routeConsoleToLog } from './console-to-log';

describe('routeConsoleToLog', () => {
  const original = {
    error: console.error,
    warn: console.warn,
    log: console.log,
    info: console.info,
    debug: console.debug,
  };
  const calls: { level: string; fields: unknown; message: string }[] = [];
  beforeAll(() => {
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      vi.spyOn(log, level).mockImplementation(((fields: unknown, message: string) => {
        calls.push({ level, fields, message });
      }) as never);
    }
    routeConsoleToLog();
  });
  afterAll(() => {
    Object.assign(console, original);
    vi.restoreAllMocks();
  });

  it('turns an error with a stack into one line without the stack', () => {
    const error = new Error('Invalid Server Actions request.');
    console.error('⨯', error, '\n  more\n  lines');
    expect(calls.at(-1)).toMatchObject({ level: 'error', fields: { event: 'server_console' } });
    expect(calls.at(-1)!.message).toBe('⨯ Error: Invalid Server Actions request. more lines');
    expect(JSON.stringify(calls.at(-1))).not.toContain('at ');
  });

  it('keeps the level of console.warn and console.log', () => {
    console.warn('careful');
    expect(calls.at(-1)).toMatchObject({ level: 'warn', message: 'careful' });
    console.log('hello %s', 'world');
    expect(calls.at(-1)).toMatchObject({ level: 'info', message: 'hello world' });
  });
});
