import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pidNamesAnother, startTicks } from './process-control';

describe('pidNamesAnother', () => {
  it('tells the recorded process from another one behind the same pid', () => {
    const started = startTicks(process.pid);
    expect(started).toBeGreaterThan(0);
    expect(pidNamesAnother(process.pid, /node/, started)).toBe(false);
    expect(pidNamesAnother(process.pid, /node/, undefined)).toBe(false);
    expect(pidNamesAnother(process.pid, /node/, started! - 1)).toBe(true);
    expect(pidNamesAnother(process.pid, /no-such-command/, started)).toBe(true);
  });

  it('says a pid that is gone names nobody', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(pidNamesAnother(gone, /node/, undefined)).toBe(false);
  });
});
