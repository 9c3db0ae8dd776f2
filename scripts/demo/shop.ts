// The demo application database "shop" (customers, inventory, orders, stock_reservations): its login roles, each
// standing for a different kind of user, its tables and seed data, and what each role may do. Idempotent.
import pg from 'pg';

export const SHOP_DATABASE = 'shop';
/** The login roles of the demo application database, each standing for a different kind of user. */
export const DEMO_ROLES = ['app_checkout', 'app_reports', 'analyst_maria', 'etl_batch'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];
/** The inventory row the demo workload's lock chain fights over. */
export const LOCKED_INVENTORY_ID = 42;

const SHOP_SCHEMA = `
CREATE TABLE IF NOT EXISTS customers (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email      text NOT NULL UNIQUE,
  name       text NOT NULL,
  region     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS inventory (
  id         bigint PRIMARY KEY,
  sku        text NOT NULL UNIQUE,
  name       text NOT NULL,
  on_hand    integer NOT NULL DEFAULT 0,
  reserved   integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS orders (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  sku         text NOT NULL,
  quantity    integer NOT NULL DEFAULT 1,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS stock_reservations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inventory_id bigint NOT NULL REFERENCES inventory (id),
  order_id     bigint,
  quantity     integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);
CREATE INDEX IF NOT EXISTS orders_created_at_idx ON orders (created_at);
`;

const SHOP_SEED = `
INSERT INTO customers (email, name, region)
SELECT format('customer%s@example.com', n),
       (ARRAY['Ada','Grace','Linus','Margaret','Ken','Barbara','Dennis','Frances'])[1 + n % 8] || ' ' ||
       (ARRAY['Lovelace','Hopper','Torvalds','Hamilton','Thompson','Liskov','Ritchie','Allen'])[1 + (n / 8) % 8],
       (ARRAY['eu-west','eu-central','us-east','us-west','ap-south'])[1 + n % 5]
FROM generate_series(1, 250) AS n
WHERE NOT EXISTS (SELECT 1 FROM customers);

INSERT INTO inventory (id, sku, name, on_hand, reserved)
SELECT n, format('SKU-%s', lpad(n::text, 4, '0')),
       (ARRAY['Espresso beans','Pour-over kettle','Burr grinder','Ceramic mug','Milk frother','Cold brew jar'])[1 + n % 6]
         || ' #' || n,
       50 + (n * 37) % 400, (n * 7) % 20
FROM generate_series(1, 60) AS n
ON CONFLICT (id) DO NOTHING;

INSERT INTO orders (customer_id, sku, quantity, status, total_cents, created_at)
SELECT 1 + (n * 7919) % 250, format('SKU-%s', lpad((1 + (n * 31) % 60)::text, 4, '0')), 1 + n % 3,
       (ARRAY['pending','paid','paid','shipped','shipped','shipped','cancelled'])[1 + n % 7],
       500 + (n * 1237) % 20000, now() - make_interval(mins => n * 53)
FROM generate_series(1, 3000) AS n
WHERE NOT EXISTS (SELECT 1 FROM orders);
`;

const ROLE_GRANTS: Record<DemoRole, string> = {
  app_checkout: 'SELECT, INSERT, UPDATE',
  app_reports: 'SELECT',
  analyst_maria: 'SELECT',
  etl_batch: 'SELECT, INSERT, UPDATE, DELETE',
};

const ident = (name: string) => pg.escapeIdentifier(name);

/** Creates and seeds the tables when missing and grants each demo role its privileges; `client` is in "shop". */
export async function prepareShopTables(client: pg.Client): Promise<void> {
  await client.query(SHOP_SCHEMA);
  await client.query(SHOP_SEED);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${DEMO_ROLES.map(ident).join(', ')}`);
  for (const role of DEMO_ROLES) {
    await client.query(`GRANT ${ROLE_GRANTS[role]} ON ALL TABLES IN SCHEMA public TO ${ident(role)}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident(role)}`);
  }
  await client.query('ANALYZE');
}
