import { describe, expect, it } from 'vitest';
import { capturedLogger } from '@/test/captured-log';

describe('logger', () => {
  it('writes one JSON line per event with time, level and event', () => {
    const { lines, logger } = capturedLogger();
    logger.info({ event: 'sample', cluster: 'prod' }, 'took a sample');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ level: 'info', event: 'sample', cluster: 'prod', msg: 'took a sample' });
    expect(typeof entry.time).toBe('string');
  });

  it('redacts connection strings and secrets by configuration', () => {
    const { lines, logger } = capturedLogger();
    logger.warn({
      event: 'x',
      url: 'postgres://u:hunter2@db/x',
      cluster: { url: 'postgres://u:pw@h/d', secret: 's3' },
    });
    expect(lines.join('\n')).not.toMatch(/hunter2|pw@|s3/);
  });
});
