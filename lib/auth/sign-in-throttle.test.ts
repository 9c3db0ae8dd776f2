import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { testServers, withClient, withUrl } from '@/test/servers';
import { throttleFailure } from './app-sign-in-throttle';
import {
  memoryLimiters,
  postgresLimiters,
  SignInThrottle,
  THROTTLE_TABLE,
  type ThrottleSettings,
} from './sign-in-throttle';

const settings: ThrottleSettings = {
  maxFailuresPerAccount: 3,
  maxFailuresPerAddress: 7,
  windowMinutes: 15,
  firstBlockMinutes: 1,
  maxBlockMinutes: 4,
};
const database = `throttle_${randomBytes(4).toString('hex')}`;
const superuserUrl = testServers()[0]!.superuserUrl;
// Two pools on one state database: two pgwarden instances behind a load balancer.
let pools: pg.Pool[] = [];
let instanceA: SignInThrottle;
let instanceB: SignInThrottle;

const attempt = (account: string, address = '203.0.113.7') => ({ account, address });

/** Ends every current block at once, as if its time had passed (the table is rate-limiter-flexible's). */
async function endBlocks() {
  await pools[0]!.query(`update ${THROTTLE_TABLE} set expire = 0 where key like 'lock_%'`);
}

beforeAll(async () => {
  await withClient(superuserUrl, (client) => client.query(`create database ${database}`));
  pools = [createStatePool(withUrl(superuserUrl, { database })), createStatePool(withUrl(superuserUrl, { database }))];
  await migrate(pools[0]!);
  instanceA = new SignInThrottle(settings, postgresLimiters(settings, pools[0]!));
  instanceB = new SignInThrottle(settings, postgresLimiters(settings, pools[1]!));
});

beforeEach(async () => {
  await pools[0]!.query(`delete from ${THROTTLE_TABLE}`);
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await withClient(superuserUrl, (client) => client.query(`drop database if exists ${database} with (force)`));
});

describe('sign-in throttling in the state database', () => {
  it('blocks an account after maxFailuresPerAccount failures, on every instance, and only that account', async () => {
    expect(await instanceA.recordFailure(attempt('ann@example.com'))).toBeNull();
    expect(await instanceB.recordFailure(attempt('ann@example.com'))).toBeNull();
    expect(await instanceA.recordFailure(attempt('ann@example.com'))).toEqual({
      scope: 'account',
      retryAfterSeconds: 60,
    });

    const seenByB = await instanceB.check(attempt('ann@example.com', '198.51.100.1'));
    expect(seenByB?.scope).toBe('account');
    expect(seenByB?.retryAfterSeconds).toBeGreaterThan(55);
    expect(seenByB?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await instanceB.check(attempt('bob@example.com'))).toBeNull();
    // No email addresses are stored: accounts are keyed by their SHA-256.
    const { rows } = await pools[0]!.query<{ key: string }>(`select key from ${THROTTLE_TABLE}`);
    expect(rows.map((row) => row.key).join(' ')).not.toContain('ann@');
  });

  it('doubles each further block (1, 2, 4 minutes) and stops at maxBlockMinutes', async () => {
    const ann = attempt('ann@example.com');
    for (let i = 0; i < 2; i++) await instanceA.recordFailure(ann);
    const blocks = [];
    for (let i = 0; i < 4; i++) {
      blocks.push((await instanceA.recordFailure(ann))?.retryAfterSeconds);
      await endBlocks();
    }
    expect(blocks).toEqual([60, 120, 240, 240]);
  });

  it('a correct sign-in clears the account, so its next mistake starts from zero', async () => {
    const ann = attempt('ann@example.com');
    for (let i = 0; i < 2; i++) await instanceA.recordFailure(ann);
    await instanceB.recordSuccess(ann);
    for (let i = 0; i < 2; i++) expect(await instanceA.recordFailure(ann)).toBeNull();
  });

  it('blocks an address after maxFailuresPerAddress failures across accounts, but not other addresses', async () => {
    const found = [];
    for (let i = 0; i < settings.maxFailuresPerAddress; i++)
      found.push(await instanceA.recordFailure(attempt(`user${i}@example.com`)));
    expect(found.slice(0, -1).every((blocked) => blocked === null)).toBe(true);
    expect(found.at(-1)).toEqual({ scope: 'address', retryAfterSeconds: 60 });
    expect((await instanceB.check(attempt('someone-else@example.com')))?.scope).toBe('address');
    expect(await instanceB.check(attempt('someone-else@example.com', '203.0.113.8'))).toBeNull();
  });
});

describe('sign-in throttling without a state database', () => {
  it('counts in this process with the same rules', async () => {
    const memory = new SignInThrottle(settings, memoryLimiters(settings));
    for (let i = 0; i < 2; i++) expect(await memory.recordFailure(attempt('ann@example.com'))).toBeNull();
    expect(await memory.recordFailure(attempt('ann@example.com'))).toEqual({ scope: 'account', retryAfterSeconds: 60 });
    expect((await memory.check(attempt('ann@example.com')))?.scope).toBe('account');
  });

  it('keeps throttling when the configured state database cannot be reached', async () => {
    mkdirSync('.pgwarden/test', { recursive: true });
    const file = `.pgwarden/test/throttle-${randomBytes(4).toString('hex')}.json`;
    const unreachable = 'postgres://pgwarden_state:x@127.0.0.1:9/pgwarden_state';
    writeFileSync(
      file,
      JSON.stringify({
        clusters: [{ id: 'main', url: unreachable }],
        stateDatabaseUrl: unreachable,
        auth: { secret: randomBytes(32).toString('hex'), signInThrottle: settings },
      }),
    );
    process.env.PGWARDEN_CONFIG = file;
    const carl = attempt('carl@example.com');
    for (let i = 0; i < 2; i++) expect(await throttleFailure(carl)).toBeNull();
    expect(await throttleFailure(carl)).toEqual({ scope: 'account', retryAfterSeconds: 60 });
  });
});
