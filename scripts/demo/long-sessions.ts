// The long-lived sessions of the demo traffic: two long reports, two transactions left idle, and a row lock on inventory
// #42 with a queue of checkout sessions waiting behind it. Each spec is one connection's life.
import type pg from 'pg';
import { randomInt } from './random';
import { LOCKED_INVENTORY_ID, type DemoRole } from './shop';

export type DemoSessionKind = 'long-query' | 'idle-in-transaction' | 'lock-holder' | 'lock-waiter';

export interface SessionContext {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Waits while the connection sits idle; rejects when it is lost or the workload stops. */
  hold(ms: number): Promise<void>;
}

export interface SessionSpec {
  name: string;
  kind: DemoSessionKind;
  role: DemoRole;
  applicationName: string;
  startDelayMs: number;
  /** One connection's life; returns when the session should end normally. */
  run(session: SessionContext): Promise<void>;
}

const LOCK_ID = LOCKED_INVENTORY_ID;

/** The long-lived sessions; the second long query starts `secondLongQueryDelayMs` after the first. */
export function sessionSpecs(secondLongQueryDelayMs: number): SessionSpec[] {
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
