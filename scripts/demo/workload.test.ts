// Starts the demo PostgreSQL (its own data folder under .pgwarden/) with the demo workload, and checks from
// pg_stat_activity that an on-call engineer would see what the demo promises: long queries, idle transactions, a lock
// pile-up, several users and applications; that pgwarden's role is least-privilege; and that stop() leaves nothing.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withClient } from '../../test/pg-helpers';
import { postmasterPid } from '../postmaster';
import { sleep } from '../process-control';
import { startDemoCluster, type DemoCluster } from './cluster';
import { superuserPasswordFile } from './db-passwords';
import { MONITOR_ROLE_SQL } from './monitor-role';
import { DEMO_ROLES, LOCKED_INVENTORY_ID } from './shop';
import { startDemoWorkload, type DemoWorkload } from './workload';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Activity {
  pid: number;
  usename: string;
  application_name: string;
  state: string | null;
  wait_event_type: string | null;
  blocking: number[];
  seconds: number;
  query: string;
}

async function shopActivity(cluster: DemoCluster): Promise<Activity[]> {
  return withClient(cluster.superuserUrl, async (client) => {
    const { rows } = await client.query<Activity>(`
      SELECT pid, usename, application_name, state, wait_event_type, pg_blocking_pids(pid) AS blocking,
             extract(epoch FROM now() - query_start)::float8 AS seconds, query
      FROM pg_stat_activity
      WHERE datname = 'shop' AND backend_type = 'client backend'`);
    return rows;
  });
}

/** The processes whose command line mentions `dataDir` (the postmaster) or whose parent is `postmaster`. */
function processesOf(dataDir: string, postmaster: number | undefined): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
      if (
        cmdline.includes(dataDir) ||
        (postmaster !== undefined && (ppid === postmaster || Number(entry) === postmaster))
      ) {
        found.push(`${entry} ${cmdline}`);
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

describe('demo cluster and workload', () => {
  let workDir: string;
  let dataDir: string;
  let cluster: DemoCluster | undefined;
  let workload: DemoWorkload | undefined;
  const notes: string[] = [];

  beforeAll(async () => {
    // Under the project (the postgres OS user must be able to reach it); .pgwarden/ is ignored by git.
    mkdirSync(path.join(ROOT, '.pgwarden'), { recursive: true });
    workDir = mkdtempSync(path.join(ROOT, '.pgwarden', 'test-demo-'));
    dataDir = path.join(workDir, 'data');
    cluster = await startDemoCluster({ dataDir, port: 54400 });
    workload = startDemoWorkload(cluster, {
      secondLongQueryDelayMs: 1500,
      restartDelayMs: [500, 1000],
      log: (line) => notes.push(line),
    });
  }, 120_000);

  afterAll(async () => {
    await workload?.stop();
    await cluster?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
    if (dataDir) rmSync(superuserPasswordFile(dataDir), { force: true });
  }, 60_000);

  it('keeps the superuser password in a 0600 file beside the data folder', () => {
    const file = superuserPasswordFile(dataDir);
    expect(path.dirname(file)).toBe(workDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('shows long queries, idle transactions, a lock pile-up, several users and applications', async () => {
    const c = cluster!;
    let activity: Activity[] = [];
    let problems: string[] = ['not sampled yet'];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      activity = await shopActivity(c);
      problems = [];

      const long = activity.filter((a) => a.state === 'active' && a.query.includes('pg_sleep(') && a.seconds >= 2);
      if (long.length < 2) problems.push(`${long.length} long-running active queries`);

      const idleInTx = activity.filter((a) => a.state === 'idle in transaction');
      if (idleInTx.length < 2) problems.push(`${idleInTx.length} sessions idle in transaction`);

      const holder = activity.find(
        (a) =>
          a.state === 'idle in transaction' && a.application_name === 'etl-nightly' && /UPDATE inventory/.test(a.query),
      );
      if (!holder) {
        problems.push('no lock holder');
      } else {
        const waiting = activity.filter((a) => a.wait_event_type === 'Lock');
        const direct = waiting.filter((a) => a.blocking.includes(holder.pid));
        if (direct.length < 2) problems.push(`${direct.length} sessions waiting directly on the holder`);
        // The second UPDATE of the same row queues behind the first (a tuple lock): a chain back to the holder.
        const blockers = new Map(activity.map((a) => [a.pid, a.blocking]));
        const leadsToHolder = (pid: number, seen = new Set<number>()): boolean =>
          (blockers.get(pid) ?? []).some((b) => b === holder.pid || (!seen.has(b) && leadsToHolder(b, seen.add(b))));
        const chained = waiting.filter((a) => leadsToHolder(a.pid));
        if (chained.length < 3) problems.push(`${chained.length} sessions blocked (directly or not) by the holder`);
      }

      const users = new Set(activity.map((a) => a.usename));
      if (users.size < 3) problems.push(`${users.size} distinct users`);
      const apps = new Set(activity.map((a) => a.application_name));
      if (apps.size < 3) problems.push(`${apps.size} distinct application names`);

      if (problems.length === 0) break;
      await sleep(500);
    }
    expect(problems, JSON.stringify(activity, null, 1)).toEqual([]);
    expect(activity.every((a) => DEMO_ROLES.includes(a.usename as (typeof DEMO_ROLES)[number]))).toBe(true);
    const lockedRow = activity.filter((a) => a.wait_event_type === 'Lock').map((a) => a.query);
    expect(lockedRow.some((q) => q.includes('UPDATE inventory'))).toBe(true);
    expect(LOCKED_INVENTORY_ID).toBe(42);
  }, 45_000);

  it('lists its sessions with their backend pids', () => {
    const sessions = workload!.sessions();
    expect(sessions.filter((s) => s.kind === 'long-query')).toHaveLength(2);
    expect(sessions.filter((s) => s.kind === 'idle-in-transaction')).toHaveLength(2);
    expect(sessions.filter((s) => s.kind === 'lock-holder')).toHaveLength(1);
    expect(sessions.filter((s) => s.kind === 'lock-waiter').length).toBeGreaterThanOrEqual(2);
    expect(sessions.every((s) => typeof s.pid === 'number')).toBe(true);
  });

  it('gives pgwarden a least-privilege monitoring role', async () => {
    const c = cluster!;
    const role = await withClient(c.superuserUrl, async (client) => {
      const { rows } = await client.query(`
        SELECT rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
               pg_has_role(oid, 'pg_read_all_stats', 'MEMBER') AS read_all_stats,
               pg_has_role(oid, 'pg_signal_backend', 'MEMBER') AS signal_backend,
               pg_has_role(oid, 'pg_use_reserved_connections', 'MEMBER') AS reserved_connections,
               pg_has_role(oid, 'pg_read_all_data', 'MEMBER') AS read_all_data
        FROM pg_roles WHERE rolname = 'pgwarden_monitor'`);
      return rows[0];
    });
    expect(role).toEqual({
      rolsuper: false,
      rolcanlogin: true,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      read_all_stats: true,
      signal_backend: true,
      reserved_connections: true,
      read_all_data: false,
    });
    expect(MONITOR_ROLE_SQL).toContain('GRANT pg_read_all_stats TO pgwarden_monitor');

    // As itself: sees every session's query text, may not read the shop's data.
    await withClient(c.monitorUrl, async (client) => {
      const { rows } = await client.query<{ hidden: string }>(
        `SELECT count(*) FILTER (WHERE query = '<insufficient privilege>') AS hidden FROM pg_stat_activity WHERE datname = 'shop'`,
      );
      expect(rows[0]?.hidden).toBe('0');
      const { rows: me } = await client.query<{ su: string }>(`SELECT current_setting('is_superuser') AS su`);
      expect(me[0]?.su).toBe('off');
    });
    const connectToShop = withClient(c.monitorUrl.replace(/\/postgres$/, '/shop'), async () => {});
    await expect(connectToShop).rejects.toThrow(/permission denied|not permitted/);
  });

  it('keeps connection slots for both of pgwarden’s logins, the state database’s too', async () => {
    const c = cluster!;
    const settings = await withClient(c.superuserUrl, async (client) => {
      const { rows } = await client.query<{ reserved: string; state: boolean; monitor: boolean }>(`
        SELECT current_setting('reserved_connections') AS reserved,
               pg_has_role('pgwarden_state', 'pg_use_reserved_connections', 'USAGE') AS state,
               pg_has_role('pgwarden_monitor', 'pg_use_reserved_connections', 'USAGE') AS monitor`);
      return rows[0];
    });
    expect(settings).toEqual({ reserved: '6', state: true, monitor: true });
  });

  it('recreates a session terminated from the console', async () => {
    const c = cluster!;
    const before = workload!.sessions().find((s) => s.kind === 'lock-holder')!;
    expect(before.pid).toBeTypeOf('number');
    await withClient(c.monitorUrl, (client) => client.query('SELECT pg_terminate_backend($1)', [before.pid]));
    const deadline = Date.now() + 15_000;
    let after = workload!.sessions().find((s) => s.kind === 'lock-holder')!;
    while (Date.now() < deadline && (after.pid === undefined || after.pid === before.pid)) {
      await sleep(200);
      after = workload!.sessions().find((s) => s.kind === 'lock-holder')!;
    }
    expect(after.pid).toBeTypeOf('number');
    expect(after.pid).not.toBe(before.pid);
    expect(notes.some((line) => line.includes('terminated'))).toBe(true);
  }, 20_000);

  it('stops the workload and PostgreSQL without leaving a process behind', async () => {
    const c = cluster!;
    const postmaster = postmasterPid(dataDir);
    expect(postmaster).toBeTypeOf('number');
    expect(processesOf(dataDir, postmaster).length).toBeGreaterThan(0);

    await workload!.stop();
    const left = await shopActivity(c);
    expect(left).toEqual([]);

    await c.stop();
    expect(processesOf(dataDir, postmaster)).toEqual([]);
    expect(postmasterPid(dataDir)).toBeUndefined();
    await c.stop(); // idempotent
  }, 60_000);
});
