// A pgwarden logger whose JSON lines the test reads back, one string per line.
import { Writable } from 'node:stream';
import { createLogger } from '@/lib/log/logger';

export function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}
