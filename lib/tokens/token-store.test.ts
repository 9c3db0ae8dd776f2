import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatePool, migrate } from '@/lib/state/state-db';
import { testServers, withClient, withUrl } from '@/test/servers';
import { authenticateToken, createToken, listTokens, revokeToken, TokenNameTaken, tokenRefusal } from './token-store';
import { hashSecret } from './token-secret';
import { createDemoOperatorToken } from '@/scripts/demo/operator-token';

// The token store on a real state database, for each PostgreSQL version the state database may run on.
describe.each(testServers())('service tokens on $name', (server) => {
  const database = `pgwarden_tokens_${randomBytes(4).toString('hex')}`;
  const url = withUrl(server.superuserUrl, { database });
  let pool: pg.Pool;

  beforeAll(async () => {
    await withClient(server.superuserUrl, (client) => client.query(`create database ${database}`));
    pool = createStatePool(url);
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await withClient(server.superuserUrl, (client) => client.query(`drop database ${database} with (force)`));
  });

  const input = { role: 'operator' as const, clusters: ['main'], expiresIn: '12h' };

  it('keeps only the sha256 of a 256-bit secret and finds the token by it, marking it used', async () => {
    const { token, secret } = await createToken(pool, { ...input, name: 'nightly' }, 'admin@test.dev');
    expect(secret).toMatch(/^pgw_[A-Za-z0-9_-]{43}$/);
    const stored = await pool.query('select secret_hash from service_tokens where id = $1', [token.id]);
    expect(stored.rows[0].secret_hash).toBe(hashSecret(secret));
    expect(JSON.stringify(await pool.query('select * from service_tokens'))).not.toContain(secret);
    expect(token).toMatchObject({
      name: 'nightly',
      role: 'operator',
      clusters: ['main'],
      status: 'active',
      lastUsedAt: null,
    });
    expect(Date.parse(token.expiresAt) - Date.parse(token.createdAt)).toBe(12 * 3_600_000);

    expect(await authenticateToken(pool, secret)).toEqual({
      id: token.id,
      name: 'nightly',
      role: 'operator',
      clusters: ['main'],
      createdBy: 'admin@test.dev',
    });
    const [listed] = (await listTokens(pool)).filter((row) => row.id === token.id);
    expect(listed!.lastUsedAt).not.toBeNull();
    expect(await authenticateToken(pool, `${secret}x`)).toBeNull();
    expect(await tokenRefusal(pool, `${secret}x`)).toEqual({ why: 'unknown' });
  });

  it('refuses a revoked token on the next call, and frees its name', async () => {
    const { secret } = await createToken(pool, { ...input, name: 'revoked-one' }, 'admin@test.dev');
    await expect(createToken(pool, { ...input, name: 'revoked-one' }, 'admin@test.dev')).rejects.toBeInstanceOf(
      TokenNameTaken,
    );
    expect(await revokeToken(pool, 'revoked-one', 'other-admin@test.dev')).toMatchObject({
      status: 'revoked',
      revokedBy: 'other-admin@test.dev',
    });
    expect(await authenticateToken(pool, secret)).toBeNull();
    expect(await tokenRefusal(pool, secret)).toEqual({
      why: 'revoked',
      name: 'revoked-one',
      createdBy: 'admin@test.dev',
    });
    expect(await revokeToken(pool, 'revoked-one', 'x')).toBeNull();
    await expect(createToken(pool, { ...input, name: 'revoked-one' }, 'admin@test.dev')).resolves.toBeTruthy();
  });

  it('refuses an expired token, by the database clock', async () => {
    const { token, secret } = await createToken(pool, { ...input, name: 'short' }, 'admin@test.dev');
    await pool.query(`update service_tokens set expires_at = now() - interval '1 second' where id = $1`, [token.id]);
    expect(await authenticateToken(pool, secret)).toBeNull();
    expect(await tokenRefusal(pool, secret)).toEqual({ why: 'expired', name: 'short', createdBy: 'admin@test.dev' });
  });

  it("creates the demo's operator token through the same code, replacing the previous run's", async () => {
    const first = await createDemoOperatorToken(url, 'demo', process.cwd());
    const second = await createDemoOperatorToken(url, 'demo', process.cwd());
    expect(await authenticateToken(pool, first.secret)).toBeNull();
    expect(await authenticateToken(pool, second.secret)).toMatchObject({
      name: 'demo-operator',
      role: 'operator',
      clusters: ['demo'],
    });
    expect(Date.parse(second.expiresAt) - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);
  });
});
