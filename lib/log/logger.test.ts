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

  it('redacts webhook receivers wherever a receiver list is logged', () => {
    const { lines, logger } = capturedLogger();
    const receivers = [{ id: 'slack', url: 'https://hooks.slack.test/T0/B0/tok3n', secret: 'whsec-1234567890' }];
    logger.warn({ event: 'x', receivers, receiver: receivers[0], notifications: { receivers } });
    logger.warn({ event: 'y', config: { notifications: { receivers } } });
    expect(lines.join('\n')).not.toMatch(/tok3n|whsec/);
    expect(lines.join('\n')).toContain('"id":"slack"');
  });
});
