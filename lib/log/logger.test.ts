import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger(stream) };
}

describe('logger', () => {
  it('writes one JSON line per event with time, level and event', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'sample', cluster: 'prod' }, 'took a sample');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', event: 'sample', cluster: 'prod', msg: 'took a sample' });
    expect(typeof entry.time).toBe('string');
  });

  it('redacts connection strings and secrets by configuration', () => {
    const { lines, logger } = capture();
    logger.warn({
      event: 'x',
      url: 'postgres://u:hunter2@db/x',
      cluster: { url: 'postgres://u:pw@h/d', secret: 's3' },
    });
    expect(lines.join('\n')).not.toMatch(/hunter2|pw@|s3/);
  });
});
