// The demo workload's connections: every client it opens and every backend pid it has used, so that stopping the
// workload leaves no session behind on the server.
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DemoCluster } from './cluster';
import type { DemoRole } from './shop';

export type WorkloadCluster = Pick<DemoCluster, 'shopUrlFor' | 'superuserUrl'>;

/** Lets the server notice within a second that a demo client went away, even in the middle of pg_sleep(). */
export const CONNECTION_OPTIONS = '-c client_connection_check_interval=1000';

/** The backend pid pg learned at connect time (not in @types/pg). */
export const backendPid = (client: pg.ClientBase): number | undefined =>
  (client as unknown as { processID?: number }).processID;

export interface WorkloadConnections {
  /** A new (unconnected) client of the shop database, kept until endClient. */
  newClient(role: DemoRole, applicationName: string): pg.Client;
  /** Remembers a connected client's backend pid, for terminateLeftovers. */
  addPid(client: pg.ClientBase): void;
  endClient(client: pg.Client): Promise<void>;
  /** Ends every client not ended yet. */
  endClients(): Promise<void>;
  /** Backends whose client went away mid-query end within a second or two; anything still there is terminated. */
  terminateLeftovers(): Promise<void>;
}

export function trackConnections(cluster: WorkloadCluster): WorkloadConnections {
  const clients = new Set<pg.Client>();
  /** Every backend pid the workload has used, to make sure none outlives stop(). */
  const pids = new Set<number>();

  const endClient = async (client: pg.Client) => {
    // With a query in flight pg destroys the socket; client_connection_check_interval makes the server notice.
    await Promise.race([client.end().catch(() => {}), delay(3000)]);
    clients.delete(client);
  };

  return {
    newClient: (role, applicationName) => {
      const client = new pg.Client({
        connectionString: cluster.shopUrlFor(role),
        application_name: applicationName,
        options: CONNECTION_OPTIONS,
      });
      clients.add(client);
      return client;
    },
    addPid: (client) => {
      const pid = backendPid(client);
      if (pid !== undefined) pids.add(pid);
    },
    endClient,
    endClients: async () => {
      await Promise.allSettled([...clients].map(endClient));
    },
    terminateLeftovers: () => terminateBackends(cluster.superuserUrl, [...pids]),
  };
}

async function terminateBackends(superuserUrl: string, candidates: number[]): Promise<void> {
  if (candidates.length === 0) return;
  const admin = new pg.Client({ connectionString: superuserUrl, application_name: 'pgwarden-demo-workload' });
  admin.on('error', () => {});
  await admin.connect();
  try {
    const remaining = async () =>
      (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE pid = ANY($1::int[])', [candidates]))
        .rows;
    for (let i = 0; i < 30 && (await remaining()).length > 0; i++) await delay(100);
    await admin.query('SELECT pg_terminate_backend(pid, 2000) FROM pg_stat_activity WHERE pid = ANY($1::int[])', [
      candidates,
    ]);
  } finally {
    await admin.end().catch(() => {});
  }
}
