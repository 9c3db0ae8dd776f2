// Which cluster and which sessions a command is about: --cluster and the sessions page's filters.
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '@/lib/api/duration';
import { CliError, type ApiClient } from './api-client';
import { EXIT } from './exit-codes';

export const durationKeyOf = {
  query: 'queryAgeMs',
  xact: 'xactAgeMs',
  state: 'stateAgeMs',
  backend: 'backendAgeMs',
} as const;

export function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('expected a duration like 90s, 5m, 2h or 1d.');
  return ms;
}

export interface FilterOptions {
  cluster?: string;
  state?: string;
  user?: string;
  app?: string;
  database?: string;
  client?: string;
  min?: number;
  by: keyof typeof durationKeyOf;
  search?: string;
}

export function withFilters(command: Command): Command {
  return command
    .option('-c, --cluster <id>', 'cluster id (default: $PGWARDEN_CLUSTER, or the only cluster the token covers)')
    .option('--state <state>', "exact state, e.g. active or 'idle in transaction'")
    .option('--user <role>', 'PostgreSQL role, exactly')
    .option('--app <name>', 'application_name, exactly')
    .option('--database <name>', 'database, exactly')
    .option('--client <address>', 'client address, exactly')
    .option('--min <duration>', 'at least this old, e.g. 30s, 5m, 2h (see --by)', duration)
    .addOption(
      new Option('--by <duration>', 'which age --min applies to').choices(Object.keys(durationKeyOf)).default('query'),
    )
    .option('--search <text>', 'part of the query text, any case');
}

export function filterOf(options: FilterOptions) {
  const filter = {
    state: options.state,
    user: options.user,
    application: options.app,
    database: options.database,
    client: options.client,
    minDurationSeconds: options.min === undefined ? undefined : options.min / 1000,
    by: durationKeyOf[options.by],
    search: options.search,
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

export const hasNarrowing = (options: FilterOptions) =>
  [options.state, options.user, options.app, options.database, options.client, options.min, options.search].some(
    (value) => value !== undefined,
  );

export async function clusterOf(api: ApiClient, option: string | undefined): Promise<string> {
  const chosen = option ?? process.env.PGWARDEN_CLUSTER;
  if (chosen) return chosen;
  const { clusters } = await api.get<{ clusters: { id: string }[] }>('/api/v1/clusters');
  if (clusters.length === 1) return clusters[0]!.id;
  throw new CliError(
    `This token covers several clusters (${clusters.map((cluster) => cluster.id).join(', ')}): pass --cluster or set PGWARDEN_CLUSTER.`,
    EXIT.refused,
  );
}

export const clusterPath = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;
