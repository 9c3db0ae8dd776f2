import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_OPTIONS, withServerNodeOptions } from './server-node-options';

const heapLimitMiB = (env: NodeJS.ProcessEnv) =>
  Number(
    execFileSync(process.execPath, ['-e', 'console.log(require("v8").getHeapStatistics().heap_size_limit / 2 ** 20)'], {
      env,
      encoding: 'utf8',
    }),
  );

describe('the server’s Node options', () => {
  it('are the ones the Dockerfile runs the server with', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(new RegExp(`^ENV .*NODE_OPTIONS=${SERVER_NODE_OPTIONS}(\\s|$)`, 'm'));
  });

  it('cap the heap at 1.5 GiB unless the caller’s NODE_OPTIONS say otherwise', () => {
    const withoutOwn = { ...process.env };
    delete withoutOwn.NODE_OPTIONS;
    const capped = heapLimitMiB(withServerNodeOptions(withoutOwn));
    expect(capped).toBeGreaterThanOrEqual(1536);
    expect(capped).toBeLessThan(1700);
    const own = heapLimitMiB(withServerNodeOptions({ ...withoutOwn, NODE_OPTIONS: '--max-old-space-size=3072' }));
    expect(own).toBeGreaterThanOrEqual(3072);
  });
});
