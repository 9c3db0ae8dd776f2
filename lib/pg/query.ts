// Runs statements on pgwarden's pools so that a failed statement never costs a connection: node-postgres closes a
// client released with an error, and pgwarden must keep its few connections when the cluster has no free slot left.
import 'server-only';
import type pg from 'pg';

/** SQLSTATEs after which the server has closed, or is closing, the connection (class 08, admin shutdown, crash). */
const BROKEN_CODES = new Set(['57P01', '57P02', '57P03', '57P05']);

/**
 * Whether the connection behind an error is unusable: a socket error, "Connection terminated", a FATAL from the
 * server, a connection-class SQLSTATE. A plain SQL error (42501, 57014 statement_timeout, 22008...) leaves the
 * connection ready for the next statement.
 */
export function isBrokenConnection(error: unknown, client?: pg.PoolClient): boolean {
  if (client && !(client as unknown as { _queryable: boolean })._queryable) return true;
  if (typeof error !== 'object' || error === null) return true;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  // Only errors the server sent carry a five-character SQLSTATE; anything else (ECONNRESET, a protocol error, a
  // client-side timeout) leaves the connection in an unknown state.
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  return code.startsWith('08') || BROKEN_CODES.has(code);
}

const TOO_MANY_CONNECTIONS = '53300';
const WAIT_FOR_OWN_MS = 5000;

/**
 * pool.connect(), except when the cluster has no free slot but the pool holds connections: then it waits for one of
 * them to come back (node-postgres would fail at once, trying to open a new one while others are busy).
 */
async function borrow(pool: pg.Pool): Promise<pg.PoolClient> {
  const deadline = Date.now() + WAIT_FOR_OWN_MS;
  for (;;) {
    try {
      return await pool.connect();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code !== TOO_MANY_CONNECTIONS || pool.totalCount === 0 || Date.now() >= deadline) throw error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        function done() {
          clearTimeout(timer);
          pool.off('release', done);
          resolve();
        }
        pool.once('release', done);
      });
    }
  }
}

/**
 * Borrows one connection for `work` (several statements, a transaction) and gives it back usable: a transaction left
 * open or failed is rolled back; only a broken connection is closed (the pool opens a new one when needed).
 */
export async function withPoolClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await borrow(pool);
  let broken: unknown = undefined;
  try {
    return await work(client);
  } catch (error) {
    if (isBrokenConnection(error, client)) broken = error;
    throw error;
  } finally {
    const transaction = (client as unknown as { _txStatus?: string | null })._txStatus;
    if (!broken && (transaction === 'T' || transaction === 'E')) {
      await client.query('rollback').catch((error: unknown) => (broken = error));
    }
    client.release(broken ? (broken instanceof Error ? broken : new Error(String(broken))) : undefined);
  }
}

/** `pool.query` that keeps the connection after a plain SQL error (see isBrokenConnection). */
export function runQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(
  pool: pg.Pool,
  text: string,
  values?: unknown[],
): Promise<pg.QueryResult<R>> {
  return withPoolClient(pool, (client) => client.query<R>(text, values));
}
