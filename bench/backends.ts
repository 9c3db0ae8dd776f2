// Opens many real backends on the bench cluster (one pg.Client each) in chosen states, and closes them again.
import pg from 'pg';
import { LOAD_ROLES, type BenchCluster } from './cluster';
import { mapLimit, sleep } from './stats';

export interface BackendMix {
  idle: number;
  idleInTransaction: number;
  /** Active, running `select pg_sleep(600)`. */
  sleeping: number;
  /** Active, waiting for a row lock held by one extra idle-in-transaction session. */
  lockWaiters: number;
}

export const total = (mix: BackendMix) => mix.idle + mix.idleInTransaction + mix.sleeping + mix.lockWaiters;

const APPLICATIONS = [
  'checkout-api',
  'reports-worker',
  'etl-loader',
  'metabase',
  'psql',
  'billing-cron',
  'search-indexer',
];

const QUERIES = [
  'select id, email, name from customers where id = $1',
  `select o.id, o.status, o.total_cents, c.email
     from orders o join customers c on c.id = o.customer_id
    where o.created_at > now() - interval '1 day' and o.status in ('pending', 'paid')
    order by o.created_at desc limit 50`,
  'update inventory set reserved = reserved + 1, updated_at = now() where sku = $1',
  `/* reports: monthly revenue */ select date_trunc('month', created_at) as month, region, sum(total_cents)
     from orders join customers using (region) group by 1, 2 order by 1 desc, 3 desc`,
];

export interface LoadBackends {
  pids: number[];
  /** The idle clients, free to run short statements (the live bench's churn). */
  idle: pg.Client[];
  /** Terminates the backends (as the superuser) and closes the clients. */
  close(): Promise<void>;
}

type Kind = 'idle' | 'idleInTransaction' | 'sleeping';

function kinds(mix: BackendMix): Kind[] {
  const list: Kind[] = [
    ...Array<Kind>(mix.idle).fill('idle'),
    ...Array<Kind>(mix.idleInTransaction).fill('idleInTransaction'),
    ...Array<Kind>(mix.sleeping).fill('sleeping'),
  ];
  // Interleave, so users and application names are spread over every state.
  return list
    .map((kind, index) => ({ kind, key: (index * 7919) % list.length }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.kind);
}

async function open(cluster: BenchCluster, index: number): Promise<pg.Client> {
  const role = LOAD_ROLES[index % LOAD_ROLES.length]!;
  const client = new pg.Client({
    connectionString: cluster.loadUrl(role),
    application_name: APPLICATIONS[index % APPLICATIONS.length],
  });
  client.on('error', () => {}); // terminated on purpose; pending queries reject and are ignored
  await client.connect();
  return client;
}

/** Sends a statement that does not finish soon; its failure at clean-up time is expected. */
function hang(client: pg.Client, sql: string): void {
  client.query(sql).catch(() => {});
}

export async function openBackends(cluster: BenchCluster, mix: BackendMix, concurrency = 24): Promise<LoadBackends> {
  const clients: pg.Client[] = [];
  const idle: pg.Client[] = [];
  const closeAll = async () => {
    const pids = backendPids(clients);
    if (pids.length)
      await cluster.admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]);
    await Promise.all(clients.map((client) => Promise.race([client.end().catch(() => {}), sleep(2000)])));
    await waitUntilGone(cluster, pids);
  };
  try {
    const plan = kinds(mix);
    await mapLimit(plan, concurrency, async (kind, index) => {
      const client = await open(cluster, index);
      clients.push(client);
      const query = QUERIES[index % QUERIES.length]!;
      if (kind === 'idle') {
        await client.query(`select 1 as "${query.slice(0, 40).replace(/"/g, '')}"`);
        idle.push(client);
      }
      if (kind === 'idleInTransaction') {
        await client.query('begin');
        await client.query('select count(*) from bench_locks');
      }
      if (kind === 'sleeping') hang(client, `select pg_sleep(600) /* ${query.replace(/\/\*|\*\//g, '')} */`);
    });
    if (mix.lockWaiters > 0) {
      const holder = await open(cluster, plan.length);
      clients.push(holder);
      await holder.query('begin');
      await holder.query('select * from bench_locks where id = 1 for update');
      for (let index = 0; index < mix.lockWaiters; index++) {
        const waiter = await open(cluster, plan.length + 1 + index);
        clients.push(waiter);
        hang(waiter, `update bench_locks set note = 'waiter ${index}' where id = 1`);
      }
    }
    await waitForStates(cluster, mix);
    return { pids: backendPids(clients), idle, close: closeAll };
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

function backendPids(clients: pg.Client[]): number[] {
  // pg keeps the backend's pid from BackendKeyData on the client.
  return clients
    .map((client) => (client as unknown as { processID: number | null }).processID)
    .filter((pid): pid is number => !!pid);
}

/** Waits until pg_stat_activity shows the sleepers and lock waiters as active. */
async function waitForStates(cluster: BenchCluster, mix: BackendMix): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await cluster.admin.query<{ sleeping: number; waiting: number }>(
      `select count(*) filter (where query like 'select pg_sleep(600)%')::int as sleeping,
              count(*) filter (where wait_event_type = 'Lock')::int as waiting
         from pg_stat_activity where state = 'active' and usename = any($1)`,
      [LOAD_ROLES],
    );
    const row = rows[0]!;
    if (row.sleeping >= mix.sleeping && row.waiting >= mix.lockWaiters) return;
    if (Date.now() > deadline) throw new Error(`load backends did not reach their states (${JSON.stringify(row)})`);
    await sleep(100);
  }
}

/** Resolves once none of `pids` is in pg_stat_activity any more. */
export async function waitUntilGone(cluster: BenchCluster, pids: number[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await cluster.admin.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where pid = any($1)',
      [pids],
    );
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} backends still there after ${timeoutMs} ms`);
    await sleep(20);
  }
}
