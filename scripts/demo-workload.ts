// The demo's traffic: the kinds of sessions an on-call engineer meets in pg_stat_activity — long reports, sessions
// left idle in a transaction, a lock pile-up on one inventory row, and a stream of short queries from an app pool.
// Every session that ends (finished, cancelled or terminated from the console) is recreated after a few seconds.
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DemoCluster } from './demo/cluster';
import { LOCKED_INVENTORY_ID, type DemoRole } from './demo/shop';

export type DemoSessionKind = 'long-query' | 'idle-in-transaction' | 'lock-holder' | 'lock-waiter';

export interface DemoSessionInfo {
  name: string;
  kind: DemoSessionKind;
  role: DemoRole;
  applicationName: string;
  /** Backend pid of the current connection; undefined between two connections. */
  pid: number | undefined;
}

export interface DemoWorkload {
  /** The long-lived sessions as they are now (the short-query stream is not listed). */
  sessions(): DemoSessionInfo[];
  /** Ends every client (in-flight queries included) and stops recreating them. Idempotent. */
  stop(): Promise<void>;
}

export interface DemoWorkloadOptions {
  /** Notes on sessions that ended and are being recreated (default: none). */
  log?: (line: string) => void;
  /** When the second long-running query starts after the first (default 20 000 ms). */
  secondLongQueryDelayMs?: number;
  /** A session that ended is recreated after a random delay in this range (default [3000, 6000] ms). */
  restartDelayMs?: [number, number];
  /** Average rate of the short-query stream (default 3 per second; 0 turns it off). */
  shortQueriesPerSecond?: number;
}

export type WorkloadCluster = Pick<DemoCluster, 'shopUrlFor' | 'superuserUrl'>;

interface SessionContext {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Waits while the connection sits idle; rejects when it is lost or the workload stops. */
  hold(ms: number): Promise<void>;
}

interface SessionSpec {
  name: string;
  kind: DemoSessionKind;
  role: DemoRole;
  applicationName: string;
  startDelayMs: number;
  /** One connection's life; returns when the session should end normally. */
  run(session: SessionContext): Promise<void>;
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

/** Lets the server notice within a second that a demo client went away, even in the middle of pg_sleep(). */
const CONNECTION_OPTIONS = '-c client_connection_check_interval=1000';

const LOCK_ID = LOCKED_INVENTORY_ID;

/** The backend pid pg learned at connect time (not in @types/pg). */
const backendPid = (client: pg.ClientBase): number | undefined =>
  (client as unknown as { processID?: number }).processID;
const pidOf = (client: pg.Client | undefined) => (client ? backendPid(client) : undefined);

function sessionSpecs(secondLongQueryDelayMs: number): SessionSpec[] {
  return [
    {
      name: 'monthly revenue report',
      kind: 'long-query',
      role: 'app_reports',
      applicationName: 'reports',
      startDelayMs: 0,
      run: async (s) => {
        await s.query(`/* reports: monthly revenue by region */
SELECT c.region, date_trunc('month', o.created_at) AS month, count(*) AS orders, sum(o.total_cents) / 100.0 AS revenue
FROM orders o
JOIN customers c ON c.id = o.customer_id
CROSS JOIN LATERAL pg_sleep(900) AS wait_for_warehouse
WHERE o.status <> 'cancelled'
GROUP BY c.region, month
ORDER BY month DESC, revenue DESC`);
      },
    },
    {
      name: 'Metabase question',
      kind: 'long-query',
      role: 'analyst_maria',
      applicationName: 'metabase',
      startDelayMs: secondLongQueryDelayMs,
      run: async (s) => {
        await s.query(`-- Metabase:: userID: 7 queryType: native queryHash: 5c1f0e8a1b
SELECT i.sku, i.name, count(o.id) AS orders_90d, sum(o.quantity) AS units_90d
FROM inventory i
LEFT JOIN orders o ON o.sku = i.sku AND o.created_at > now() - interval '90 days'
CROSS JOIN LATERAL pg_sleep(600) AS slow_scan
GROUP BY i.sku, i.name
ORDER BY units_90d DESC NULLS LAST
LIMIT 50`);
      },
    },
    {
      name: 'forgotten psql transaction',
      kind: 'idle-in-transaction',
      role: 'analyst_maria',
      applicationName: 'psql',
      startDelayMs: 500,
      run: async (s) => {
        await s.query('BEGIN');
        await s.query(
          `SELECT id, email, name FROM customers WHERE region = 'eu-west' ORDER BY created_at DESC LIMIT 20`,
        );
        await s.hold(15 * 60_000);
        await s.query('ROLLBACK');
      },
    },
    {
      name: 'leaked application transaction',
      kind: 'idle-in-transaction',
      role: 'app_checkout',
      applicationName: 'checkout-api',
      startDelayMs: 800,
      run: async (s) => {
        await s.query('BEGIN');
        await s.query(
          'SELECT id, status, total_cents FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10',
          [randomInt(1, 250)],
        );
        await s.hold(12 * 60_000);
        await s.query('COMMIT');
      },
    },
    {
      name: 'nightly restock holding a row lock',
      kind: 'lock-holder',
      role: 'etl_batch',
      applicationName: 'etl-nightly',
      startDelayMs: 0,
      run: async (s) => {
        await s.query('BEGIN');
        await s.query(`SELECT id, sku, on_hand, reserved FROM inventory WHERE id = ${LOCK_ID} FOR UPDATE`);
        await s.query(`UPDATE inventory SET on_hand = on_hand + 120, updated_at = now() WHERE id = ${LOCK_ID}`);
        await s.hold(10 * 60_000);
        await s.query('COMMIT');
      },
    },
    ...[1, 2].map((n): SessionSpec => ({
      name: `checkout reserving stock #${n}`,
      kind: 'lock-waiter',
      role: 'app_checkout',
      applicationName: 'checkout-api',
      startDelayMs: 1500 + n * 300,
      run: async (s) => {
        for (;;) {
          await s.query(
            `UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE id = ${LOCK_ID} AND on_hand > reserved`,
          );
          await s.hold(randomInt(3000, 6000));
        }
      },
    })),
    {
      name: 'checkout recording a reservation',
      kind: 'lock-waiter',
      role: 'app_checkout',
      applicationName: 'checkout-api',
      startDelayMs: 2400,
      run: async (s) => {
        for (;;) {
          // The foreign key check takes FOR KEY SHARE on inventory row 42, which the holder's FOR UPDATE blocks.
          await s.query(
            `INSERT INTO stock_reservations (inventory_id, order_id, quantity) VALUES (${LOCK_ID}, $1, 1)`,
            [randomInt(1, 3000)],
          );
          await s.hold(randomInt(3000, 6000));
        }
      },
    },
  ];
}

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === '57014') return 'its query was cancelled';
  if (e.code === '57P01') return 'it was terminated';
  return e.message ?? String(error);
}

/** Rejects with the signal's reason when it aborts; cleans up its listener either way. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

class StoppedError extends Error {
  constructor() {
    super('workload stopped');
  }
}

/**
 * Starts the demo traffic against the cluster's "shop" database. The returned stop() ends every client; the workload
 * never throws for a session that fails (it logs and recreates it).
 */
export function startDemoWorkload(cluster: WorkloadCluster, options: DemoWorkloadOptions = {}): DemoWorkload {
  const log = options.log ?? (() => {});
  const [restartMin, restartMax] = options.restartDelayMs ?? [3000, 6000];
  const stopController = new AbortController();
  const stopSignal = stopController.signal;
  const clients = new Set<pg.Client>();
  /** Every backend pid the workload has used, to make sure none outlives stop(). */
  const pids = new Set<number>();
  const addPid = (client: pg.ClientBase) => {
    const pid = backendPid(client);
    if (pid !== undefined) pids.add(pid);
  };
  const current = new Map<SessionSpec, pg.Client>();

  const newClient = (role: DemoRole, applicationName: string) => {
    const client = new pg.Client({
      connectionString: cluster.shopUrlFor(role),
      application_name: applicationName,
      options: CONNECTION_OPTIONS,
    });
    clients.add(client);
    return client;
  };

  const endClient = async (client: pg.Client) => {
    // With a query in flight pg destroys the socket; client_connection_check_interval makes the server notice.
    await Promise.race([client.end().catch(() => {}), delay(3000)]);
    clients.delete(client);
  };

  async function runSession(spec: SessionSpec): Promise<void> {
    const client = newClient(spec.role, spec.applicationName);
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, stopSignal]);
    client.on('error', (error) => lost.abort(error));
    client.on('end', () => lost.abort(new Error('the connection was closed')));
    const context: SessionContext = {
      query: (text, values) => raceAbort(client.query(text, values), signal),
      hold: (ms) => delay(ms, undefined, { signal }).catch(() => Promise.reject(signal.reason as Error)),
    };
    try {
      await raceAbort(client.connect(), signal);
      addPid(client);
      current.set(spec, client);
      await spec.run(context);
    } finally {
      current.delete(spec);
      await endClient(client);
    }
  }

  async function keepAlive(spec: SessionSpec): Promise<void> {
    try {
      await delay(spec.startDelayMs, undefined, { signal: stopSignal });
    } catch {
      return;
    }
    while (!stopSignal.aborted) {
      let ended = 'it finished';
      try {
        await runSession(spec);
      } catch (error) {
        ended = describeError(error);
      }
      if (stopSignal.aborted) return;
      const wait = randomInt(restartMin, restartMax);
      log(
        `${spec.applicationName} (${spec.role}) ${spec.name}: ${ended}; reconnecting in ${Math.round(wait / 1000)} s`,
      );
      try {
        await delay(wait, undefined, { signal: stopSignal });
      } catch {
        return;
      }
    }
  }

  // The short-query stream: pooled application traffic plus one-off psql connections.
  const pools = new Map<string, pg.Pool>();
  const poolFor = (role: DemoRole, applicationName: string) => {
    const key = `${role}/${applicationName}`;
    let pool = pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: cluster.shopUrlFor(role),
        application_name: applicationName,
        options: CONNECTION_OPTIONS,
        max: 3,
        idleTimeoutMillis: randomInt(2000, 8000),
      });
      pool.on('error', () => {}); // an idle pooled connection terminated from the console
      pool.on('connect', (client) => addPid(client));
      pools.set(key, pool);
    }
    return pool;
  };

  const shortQueries: Array<() => Promise<unknown>> = [
    () =>
      poolFor('app_checkout', 'checkout-api').query('SELECT id, email, name, region FROM customers WHERE id = $1', [
        randomInt(1, 250),
      ]),
    () =>
      poolFor('app_checkout', 'checkout-api').query(
        `INSERT INTO orders (customer_id, sku, quantity, status, total_cents) VALUES ($1, $2, $3, 'pending', $4) RETURNING id`,
        [randomInt(1, 250), `SKU-${String(randomInt(1, 60)).padStart(4, '0')}`, randomInt(1, 3), randomInt(500, 20000)],
      ),
    () => {
      let id = randomInt(1, 60);
      if (id === LOCK_ID) id += 1;
      return poolFor('app_checkout', 'checkout-api').query(
        'UPDATE inventory SET reserved = greatest(reserved + $2, 0), updated_at = now() WHERE id = $1',
        [id, pick([1, -1])],
      );
    },
    () =>
      poolFor('app_checkout', 'checkout-api').query(
        `UPDATE orders SET status = 'paid' WHERE id = (SELECT max(id) - $1 FROM orders) AND status = 'pending'`,
        [randomInt(0, 20)],
      ),
    () =>
      poolFor('app_reports', 'reports').query(
        `SELECT status, count(*) AS orders, sum(total_cents) AS cents FROM orders, pg_sleep($1)
         WHERE created_at > now() - interval '1 day' GROUP BY status`,
        [Math.random() * 1.5],
      ),
    () =>
      poolFor('analyst_maria', 'metabase').query(
        `-- Metabase:: userID: 7 queryType: MBQL
SELECT region, count(*) AS customers FROM customers GROUP BY region ORDER BY customers DESC`,
      ),
    () =>
      poolFor('etl_batch', 'etl-nightly').query(
        `UPDATE orders SET status = 'shipped' WHERE id IN (SELECT id FROM orders WHERE status = 'paid' ORDER BY id LIMIT 5)`,
      ),
    async () => {
      // Someone opens psql, runs one query, looks at it for a moment and quits.
      const client = newClient('analyst_maria', 'psql');
      client.on('error', () => {});
      try {
        await raceAbort(client.connect(), stopSignal);
        addPid(client);
        await raceAbort(client.query(`SELECT count(*) FROM orders WHERE status = 'pending'`), stopSignal);
        await delay(randomInt(500, 3000), undefined, { signal: stopSignal });
      } finally {
        await endClient(client);
      }
    },
  ];

  const inFlight = new Set<Promise<unknown>>();
  let streamTimer: NodeJS.Timeout | undefined;
  const rate = options.shortQueriesPerSecond ?? 3;
  const scheduleShortQuery = () => {
    if (stopSignal.aborted || rate <= 0) return;
    // Exponential gaps (a Poisson stream) around the requested rate.
    const gap = Math.min(5000, -Math.log(1 - Math.random()) * (1000 / rate));
    streamTimer = setTimeout(() => {
      if (inFlight.size < 12) {
        const task = (pick(shortQueries)() as Promise<unknown>).catch(() => {}).finally(() => inFlight.delete(task));
        inFlight.add(task);
      }
      scheduleShortQuery();
    }, gap);
  };

  const specs = sessionSpecs(options.secondLongQueryDelayMs ?? 20_000);
  const loops = specs.map((spec) => keepAlive(spec));
  scheduleShortQuery();

  let stopping: Promise<void> | undefined;
  const stop = async () => {
    stopController.abort(new StoppedError());
    clearTimeout(streamTimer);
    await Promise.race([Promise.allSettled([...loops, ...inFlight]), delay(8000)]);
    await Promise.allSettled([...clients].map(endClient));
    await Promise.race([Promise.allSettled([...pools.values()].map((pool) => pool.end())), delay(5000)]);
    await terminateLeftovers([...pids]).catch(() => {});
  };

  /** Backends whose client went away mid-query end within a second or two; anything still there is terminated. */
  const terminateLeftovers = async (candidates: number[]) => {
    if (candidates.length === 0) return;
    const admin = new pg.Client({ connectionString: cluster.superuserUrl, application_name: 'pgwarden-demo-workload' });
    admin.on('error', () => {});
    await admin.connect();
    try {
      const remaining = async () =>
        (
          await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[])', [
            candidates,
          ])
        ).rows;
      for (let i = 0; i < 30 && (await remaining()).length > 0; i++) await delay(100);
      await admin.query('SELECT pg_terminate_backend(pid, 2000) FROM pg_stat_activity WHERE pid = ANY($1::int[])', [
        candidates,
      ]);
    } finally {
      await admin.end().catch(() => {});
    }
  };

  return {
    sessions: () =>
      specs.map((spec) => ({
        name: spec.name,
        kind: spec.kind,
        role: spec.role,
        applicationName: spec.applicationName,
        pid: pidOf(current.get(spec)),
      })),
    stop: () => (stopping ??= stop()),
  };
}
