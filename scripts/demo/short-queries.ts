// The demo's stream of short queries: pooled application traffic (checkout, reports, Metabase, the ETL job) plus
// one-off psql connections, started at random gaps around a given rate.
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { raceAbort } from './race-abort';
import { pick, randomInt } from './random';
import { LOCKED_INVENTORY_ID, type DemoRole } from './shop';
import { CONNECTION_OPTIONS, type WorkloadCluster, type WorkloadConnections } from './workload-connections';

export interface ShortQueryStream {
  /** The queries under way. */
  running(): Promise<unknown>[];
  /** Starts no more queries. */
  stopScheduling(): void;
  /** Closes the pooled connections. */
  endPools(): Promise<unknown>;
}

/** Starts the stream (`rate` queries per second on average; 0 starts none) until `stopSignal` aborts. */
export function startShortQueryStream(
  cluster: WorkloadCluster,
  connections: WorkloadConnections,
  stopSignal: AbortSignal,
  rate: number,
): ShortQueryStream {
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
      pool.on('connect', (client) => connections.addPid(client));
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
      if (id === LOCKED_INVENTORY_ID) id += 1;
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
      const client = connections.newClient('analyst_maria', 'psql');
      client.on('error', () => {});
      try {
        await raceAbort(client.connect(), stopSignal);
        connections.addPid(client);
        await raceAbort(client.query(`SELECT count(*) FROM orders WHERE status = 'pending'`), stopSignal);
        await delay(randomInt(500, 3000), undefined, { signal: stopSignal });
      } finally {
        await connections.endClient(client);
      }
    },
  ];

  const inFlight = new Set<Promise<unknown>>();
  let streamTimer: NodeJS.Timeout | undefined;
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
  scheduleShortQuery();

  return {
    running: () => [...inFlight],
    stopScheduling: () => clearTimeout(streamTimer),
    endPools: () => Promise.allSettled([...pools.values()].map((pool) => pool.end())),
  };
}
