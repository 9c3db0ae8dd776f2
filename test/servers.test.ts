// Proves the test setup: every server from test/global-setup.ts answers, and the helpers work against it.
import { afterAll, describe, expect, it } from 'vitest';
import { connect, createRole, majorVersion, openBusySession, testServers, withClient, type TestRole } from './servers';

describe.each(testServers())('$name', ({ name, superuserUrl }) => {
  const roles: TestRole[] = [];
  afterAll(async () => {
    for (const role of roles) await role.drop();
  });

  it('accepts superuser connections from a supported version', async () => {
    const client = await connect(superuserUrl);
    try {
      const { rows } = await client.query<{ version: string; superuser: string }>(
        "SELECT current_setting('server_version_num') AS version, current_setting('is_superuser') AS superuser",
      );
      const version = Number(rows[0]!.version);
      expect(version).toBeGreaterThanOrEqual(140000);
      expect(Math.floor(version / 10000)).toBe(majorVersion({ name }));
      expect(rows[0]!.superuser).toBe('on');
    } finally {
      await client.end();
    }
  });

  it('creates a throw-away role with grants that can log in', async () => {
    const role = await createRole(superuserUrl, { grants: ['pg_read_all_stats', 'pg_signal_backend'] });
    roles.push(role);
    const granted = await withClient(role.url, async (client) => {
      const { rows } = await client.query<{ user: string; stats: boolean; signal: boolean }>(
        `SELECT current_user AS user,
                pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS stats,
                pg_has_role(current_user, 'pg_signal_backend', 'USAGE') AS signal`,
      );
      return rows[0];
    });
    expect(granted).toEqual({ user: role.name, stats: true, signal: true });
    await role.drop();
    const { rowCount } = await withClient(superuserUrl, (c) =>
      c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]),
    );
    expect(rowCount).toBe(0);
  });

  it('opens a busy session that a superuser can cancel', async () => {
    const session = await openBusySession(superuserUrl, { applicationName: 'pgwarden-setup-test' });
    try {
      await withClient(superuserUrl, (c) => c.query('SELECT pg_cancel_backend($1)', [session.pid]));
      const error = await session.outcome;
      expect(error?.message).toMatch(/cancel/i);
    } finally {
      await session.close();
    }
  });
});
