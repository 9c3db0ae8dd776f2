// Readiness of pgwarden's state database: reachable, and migrated to the schema this build expects.
import 'server-only';
import type pg from 'pg';
import { connectionHint, pgErrorCode } from '@/lib/pg/errors';
import { migrations } from '@/lib/state/migrations';
import { StateDatabaseMissing } from '@/lib/state/state-db';

export type StateDatabaseCheck =
  | { ok: true; status: 'ok'; schemaVersion: number }
  /** Allowed by the schema: sessions can be watched, but nothing can be signalled (the audit log is missing). */
  | { ok: true; status: 'not_configured' }
  | { ok: false; status: 'unavailable'; reason: string }
  | { ok: false; status: 'not_migrated'; schemaVersion: number; expectedVersion: number };

export const EXPECTED_SCHEMA_VERSION = Math.max(...migrations.map((migration) => migration.version));
export const STATE_CHECK_TIMEOUT_MS = 3000;

class NoAnswer extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NoAnswer()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A reason safe to show anyone: a fixed sentence per error code, never the driver's message (it names the host). */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof NoAnswer) return `no answer within ${timeoutMs / 1000} s`;
  const hint = connectionHint(error);
  if (hint) return hint;
  const code = pgErrorCode(error);
  return code ? `connecting or migrating failed (error code ${code})` : 'connecting or migrating failed';
}

async function probe(pool: () => Promise<pg.Pool>): Promise<StateDatabaseCheck> {
  // statePool() migrates before it hands out the pool, so a database that comes back is migrated here too.
  const { rows } = await (
    await pool()
  ).query<{ version: number | null }>('select max(version) as version from schema_migrations');
  const schemaVersion = rows[0]?.version ?? 0;
  // A newer instance may have migrated further; its additions are not this build's concern.
  if (schemaVersion < EXPECTED_SCHEMA_VERSION) {
    return { ok: false, status: 'not_migrated', schemaVersion, expectedVersion: EXPECTED_SCHEMA_VERSION };
  }
  return { ok: true, status: 'ok', schemaVersion };
}

async function probeSafely(pool: () => Promise<pg.Pool>, timeoutMs: number): Promise<StateDatabaseCheck> {
  try {
    return await probe(pool);
  } catch (error) {
    if (error instanceof StateDatabaseMissing) return { ok: true, status: 'not_configured' };
    return { ok: false, status: 'unavailable', reason: reasonOf(error, timeoutMs) };
  }
}

// One probe at a time per pool: while a database that does not answer holds one query, later checks report
// "no answer" instead of queueing more queries behind it.
const probing = new WeakMap<() => Promise<pg.Pool>, Promise<StateDatabaseCheck>>();

export async function checkStateDatabase(
  pool: () => Promise<pg.Pool>,
  timeoutMs = STATE_CHECK_TIMEOUT_MS,
): Promise<StateDatabaseCheck> {
  let running = probing.get(pool);
  if (!running) {
    running = probeSafely(pool, timeoutMs).finally(() => probing.delete(pool));
    probing.set(pool, running);
  }
  try {
    return await withTimeout(running, timeoutMs);
  } catch (error) {
    return { ok: false, status: 'unavailable', reason: reasonOf(error, timeoutMs) };
  }
}
