import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { clusterFreshness } from '@/lib/health/readiness';
import { getConfig } from '@/lib/config/load';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { eventually, monitoredClustersForFile } from '@/test/pgwarden-config';
import { connect, openBusySession, testServers, withClient, type BusySession } from '@/test/servers';
import { metrics } from './registry';
import { forgetWatchedSamplers, watchSamplers } from './watch-samplers';

// Real samplers on every test server, their snapshots read back through the registry as Prometheus would.
monitoredClustersForFile('metrics', {
  grants: ['pg_read_all_stats'],
  cluster: { sampleIntervalMs: 250 },
  roles: [],
});

async function valueOf(series: string): Promise<number | undefined> {
  const line = (await metrics().registry.metrics()).split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testServers())('metrics from the sampler of $name', ({ name, superuserUrl }) => {
  let sleeper: BusySession;
  let idle: pg.Client;

  beforeAll(async () => {
    sleeper = await openBusySession(superuserUrl, { sql: 'select pg_sleep(60)', applicationName: 'metrics-sleeper' });
    idle = await connect(superuserUrl, { application_name: 'metrics-idle-tx' });
    await idle.query('begin');
    await idle.query('select 1');
    watchSamplers();
    for (const cluster of getConfig().clusters) clusterSampler(cluster).start();
  });

  afterAll(async () => {
    forgetWatchedSamplers();
    await sleeper?.close();
    await idle?.end().catch(() => {});
  });

  it('reports up, sessions by state, the longest query and max_connections as the server says', async () => {
    const maxConnections = await withClient(superuserUrl, async (client) =>
      Number((await client.query<{ max_connections: string }>('show max_connections')).rows[0]!.max_connections),
    );
    // All from one sample taken after this file's sessions began (an earlier one, of another describe, may be the last).
    const gauges = async () => ({
      longestQuery: await valueOf(`pgwarden_longest_query_seconds{cluster="${name}"}`),
      idleInTransaction: await valueOf(`pgwarden_sessions{cluster="${name}",state="idle in transaction"}`),
      oldestIdleInTransaction: await valueOf(`pgwarden_oldest_idle_in_transaction_seconds{cluster="${name}"}`),
    });
    await eventually(
      gauges,
      (values) =>
        (values.longestQuery ?? 0) >= 0.5 &&
        (values.idleInTransaction ?? 0) >= 1 &&
        (values.oldestIdleInTransaction ?? 0) > 0,
    );
    expect(await valueOf(`pgwarden_cluster_up{cluster="${name}"}`)).toBe(1);
    expect(await valueOf(`pgwarden_max_connections{cluster="${name}"}`)).toBe(maxConnections);
    expect(await valueOf(`pgwarden_sessions{cluster="${name}",state="active"}`)).toBeGreaterThanOrEqual(1);
    expect(await valueOf(`pgwarden_connections_used{cluster="${name}"}`)).toBeGreaterThanOrEqual(3);
    expect(await valueOf(`pgwarden_sample_duration_seconds_count{cluster="${name}"}`)).toBeGreaterThanOrEqual(1);
  });

  it('gives readiness a fresh snapshot age for the cluster', () => {
    const cluster = getConfig().clusters.find((candidate) => candidate.id === name)!;
    const freshness = clusterFreshness(cluster);
    expect(freshness).toMatchObject({ fresh: true, reachable: true });
    expect(freshness.ageSeconds).toBeLessThan(5);
  });

  it('reads metrics without asking the cluster anything', async () => {
    const sampler = clusterSampler(getConfig().clusters.find((candidate) => candidate.id === name)!);
    sampler.stop();
    const queries = sampler.stats.queries;
    for (let scrape = 0; scrape < 5; scrape++) await metrics().registry.metrics();
    expect(sampler.stats.queries).toBe(queries);
  });
});
