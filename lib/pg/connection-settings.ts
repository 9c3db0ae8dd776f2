// The connection limits of a monitored server, read by one cheap statement (no table, no lock).
import 'server-only';
import type pg from 'pg';
import type { ConnectionSettings } from '@/lib/model/fleet-overview';
import { runQuery } from './query';

// current_setting(name, true) is null where the setting does not exist: reserved_connections is new in PostgreSQL 16.
const CONNECTION_SETTINGS_SQL = `select current_setting('max_connections')::int as max_connections,
       current_setting('superuser_reserved_connections')::int as superuser_reserved,
       current_setting('reserved_connections', true)::int as reserved`;

export async function probeConnectionSettings(pool: pg.Pool): Promise<ConnectionSettings> {
  const { rows } = await runQuery<{ max_connections: number; superuser_reserved: number; reserved: number | null }>(
    pool,
    CONNECTION_SETTINGS_SQL,
  );
  const row = rows[0];
  if (!row) throw new Error('could not read the connection settings');
  return {
    maxConnections: row.max_connections,
    superuserReservedConnections: row.superuser_reserved,
    reservedConnections: row.reserved,
  };
}
