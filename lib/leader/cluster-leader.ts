// One leader per monitored cluster among all pgwarden instances that share a state database: a session-level
// advisory lock, held on a connection of its own. Listeners that write or notify (history, alerts) run on the leader.
import 'server-only';
import { hostname } from 'node:os';
import pg from 'pg';
import type { PgwardenConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { LEADER_LOCK_NAMESPACE, TRY_LOCKS_SQL } from './leader-lock';

export interface LeaderElectionOptions {
  stateDatabaseUrl: string;
  clusterIds: string[];
  /** How often a follower tries to take over and the leader checks its connection. */
  intervalMs: number;
  /** Shown in the state database's pg_stat_activity, so an operator sees which instance leads. */
  applicationName?: string;
}

export class LeaderElection {
  private client: pg.Client | null = null;
  private readonly led = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failing = false;
  private round: Promise<void> | null = null;

  constructor(private readonly options: LeaderElectionOptions) {}

  isLeader(clusterId: string): boolean {
    return this.led.has(clusterId);
  }

  start(): void {
    this.stopped = false;
    if (!this.round && !this.timer) void this.tick();
  }

  /** Gives up every lock (ending the connection releases them) and stops trying. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.round;
    this.lose('this instance is stopping');
  }

  /** Settles after the round in progress (tests). */
  async settled(): Promise<void> {
    await this.round;
  }

  private async tick(): Promise<void> {
    this.round = this.runRound().finally(() => (this.round = null));
    await this.round;
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
  }

  private async runRound(): Promise<void> {
    try {
      const client = this.client ?? (await this.connect());
      const wanted = this.options.clusterIds.filter((id) => !this.led.has(id));
      // A successful query proves the session, and so every lock it holds, is still there.
      if (wanted.length === 0) await client.query('select 1');
      else {
        const { rows } = await client.query<{ id: string; got: boolean }>(TRY_LOCKS_SQL, [
          LEADER_LOCK_NAMESPACE,
          wanted,
        ]);
        for (const row of rows.filter((r) => r.got)) {
          this.led.add(row.id);
          log.info({ event: 'cluster_leader_acquired', cluster: row.id }, 'this instance now leads the cluster');
        }
      }
      if (this.failing) log.info({ event: 'cluster_leader_election_resumed' }, 'the state database answers again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        log.warn(
          { event: 'cluster_leader_election_failing', reason: describePgError(error) },
          `cannot hold or take cluster leadership: this instance records no history until the state database ` +
            `answers; retrying every ${this.options.intervalMs} ms`,
        );
      }
      this.failing = true;
      this.lose(describePgError(error));
    }
  }

  private async connect(): Promise<pg.Client> {
    const interval = this.options.intervalMs;
    const client = new pg.Client({
      connectionString: this.options.stateDatabaseUrl,
      application_name: (this.options.applicationName ?? `pgwarden-leader ${hostname()}:${process.pid}`).slice(0, 63),
      connectionTimeoutMillis: Math.max(5000, interval),
      query_timeout: Math.max(5000, interval),
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      // The server drops a session whose instance vanished without closing it (a network partition) within ~25 s,
      // which frees its locks for another instance.
      options: '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3',
    });
    client.on('error', (error) => {
      if (this.client === client) this.lose(describePgError(error));
    });
    client.on('end', () => {
      if (this.client === client) this.lose('the connection to the state database closed');
    });
    try {
      await client.connect();
    } catch (error) {
      void client.end().catch(() => {});
      throw error;
    }
    this.client = client;
    return client;
  }

  /** Stops leading at once (nothing is written from now on) and drops the connection, so its locks go too. */
  private lose(reason: string): void {
    const client = this.client;
    this.client = null;
    for (const id of this.led) {
      log.warn({ event: 'cluster_leader_lost', cluster: id, reason }, 'this instance no longer leads the cluster');
    }
    this.led.clear();
    void client?.end().catch(() => {});
  }
}

interface LeadershipRegistry {
  /** 'alone': no state database, so no other instance to agree with (and no history to write anyway). */
  election: LeaderElection | 'alone' | null;
}

const registry: LeadershipRegistry = ((
  globalThis as { __pgwardenLeadership?: LeadershipRegistry }
).__pgwardenLeadership ??= { election: null });

/** Starts, once per process, the election for every configured cluster; retries at the shortest sample interval. */
export function startClusterLeadership(config: PgwardenConfig): void {
  if (registry.election) return;
  if (!config.stateDatabaseUrl) {
    registry.election = 'alone';
    return;
  }
  const election = new LeaderElection({
    stateDatabaseUrl: config.stateDatabaseUrl,
    clusterIds: config.clusters.map((cluster) => cluster.id),
    intervalMs: Math.min(...config.clusters.map((cluster) => cluster.sampleIntervalMs)),
  });
  registry.election = election;
  election.start();
}

/** Whether this instance should write and notify for the cluster. */
export function isLeader(clusterId: string): boolean {
  const election = registry.election;
  if (election === 'alone') return true;
  return election?.isLeader(clusterId) ?? false;
}

/** Stops the election and releases every lock (tests, shutdown). */
export async function stopClusterLeadership(): Promise<void> {
  const election = registry.election;
  registry.election = null;
  if (election && election !== 'alone') await election.stop();
}
