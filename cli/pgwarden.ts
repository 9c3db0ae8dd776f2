// pgwarden's command line: sessions, blocking, cancel, terminate and tokens over /api/v1 (see `pgwarden --help`).
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parseDuration } from '@/lib/api/duration';
import type { TokenRecord } from '@/lib/tokens/token-schema';
import { formatDuration } from '@/lib/types/session-view';
import { apiClient, CliError, type ApiClient } from './api-client';
import { EXIT, exitCodesHelp } from './exit-codes';
import { chosenFormat, printJson, printTable, say, type OutputFormat } from './output';

interface Session {
  pid: number;
  backendStart: string | null;
  queryStart: string | null;
  user: string | null;
  database: string | null;
  applicationName: string;
  state: string | null;
  waitEventType: string | null;
  waitEvent: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}
interface Planned {
  pid: number;
  user: string | null;
  applicationName: string | null;
  state: string | null;
  query: string | null;
  queryAgeMs: number | null;
  xactAgeMs: number | null;
  stateAgeMs: number | null;
}
interface DryRun {
  dryRun: true;
  wouldSignal: Planned[];
  wouldRefuse: { pid: number; outcome: string; message: string }[];
  confirmationRequired: boolean;
  count: number;
}
interface Done {
  dryRun: false;
  results: { pid: number; outcome: string; message: string; auditId: string | null }[];
}

interface Snapshot {
  takenAt: string | null;
  error: { message: string; since: string } | null;
}

/** pgwarden answered, but cannot sample the cluster: what is shown is the last good sample, if any (exit 3). */
function unreachable(snapshot: Snapshot, cluster: string): number {
  if (!snapshot.error) return EXIT.ok;
  say(
    `pgwarden cannot reach ${cluster} since ${snapshot.error.since}: ${snapshot.error.message}${snapshot.takenAt ? ` (showing the sample of ${snapshot.takenAt})` : ''}`,
  );
  return EXIT.unreachable;
}

const durationKeyOf = { query: 'queryAgeMs', xact: 'xactAgeMs', state: 'stateAgeMs', backend: 'backendAgeMs' } as const;
/** Outcomes that leave the target running, or untouched by a refusal: exit code 1. */
const NOT_STOPPED = new Set(['still_running', 'not_permitted', 'refused', 'failed']);

function duration(value: string): number {
  const ms = parseDuration(value);
  if (ms === null) throw new InvalidArgumentError('expected a duration like 90s, 5m, 2h or 1d.');
  return ms;
}

function pidList(value: string, previous: number[] = []): number[] {
  const pid = Number(value);
  if (!Number.isInteger(pid) || pid <= 0) throw new InvalidArgumentError('expected a process id (a positive integer).');
  return [...previous, pid];
}

interface Globals {
  output?: string;
}
interface FilterOptions {
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

const program = new Command('pgwarden')
  .description(
    'Scripts and on-call runbooks for pgwarden: list sessions, see who blocks whom, cancel and terminate with the same roles, guard rails, typed confirmations and audit log as the console.',
  )
  .exitOverride()
  .addOption(
    new Option('-o, --output <format>', 'table or json (default: table on a terminal, json when piped)').choices([
      'table',
      'json',
    ]),
  )
  .addHelpText(
    'after',
    `
Environment:
  PGWARDEN_URL      the console's address (default http://127.0.0.1:3000)
  PGWARDEN_TOKEN    a service token (Tokens page, or \`pgwarden tokens create\`); sent as Authorization: Bearer
  PGWARDEN_CLUSTER  the cluster when --cluster is not given (else the only cluster the token covers)
${exitCodesHelp}

Examples:
  pgwarden sessions --state 'idle in transaction' --min 10m
  pgwarden terminate --pid 4242
  pgwarden terminate --state 'idle in transaction' --min 10m           # dry run: prints what would be hit
  pgwarden terminate --state 'idle in transaction' --min 10m --yes --confirm 12`,
  )
  .showHelpAfterError('(run with --help for usage)');

function withFilters(command: Command): Command {
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

function filterOf(options: FilterOptions) {
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

const hasNarrowing = (options: FilterOptions) =>
  [options.state, options.user, options.app, options.database, options.client, options.min, options.search].some(
    (value) => value !== undefined,
  );

async function clusterOf(api: ApiClient, option: string | undefined): Promise<string> {
  const chosen = option ?? process.env.PGWARDEN_CLUSTER;
  if (chosen) return chosen;
  const { clusters } = await api.get<{ clusters: { id: string }[] }>('/api/v1/clusters');
  if (clusters.length === 1) return clusters[0]!.id;
  throw new CliError(
    `This token covers several clusters (${clusters.map((cluster) => cluster.id).join(', ')}): pass --cluster or set PGWARDEN_CLUSTER.`,
    EXIT.refused,
  );
}

const format = (): OutputFormat => chosenFormat(program.opts<Globals>().output);
const age = (ms: number | null) => formatDuration(ms);
const clusterPath = (cluster: string) => `/api/v1/clusters/${encodeURIComponent(cluster)}`;

withFilters(program.command('sessions').description('List live sessions, longest query first (the sessions page)'))
  .option('--hide-idle', 'leave out idle sessions')
  .option('--sort <column>', 'sort by a column instead (pid, user, state, queryAgeMs, xactAgeMs, ...)')
  .addOption(new Option('--dir <direction>', 'with --sort').choices(['asc', 'desc']))
  .action(async (options: FilterOptions & { hideIdle?: boolean; sort?: string; dir?: string }) => {
    const api = apiClient();
    const cluster = await clusterOf(api, options.cluster);
    const filter = filterOf(options);
    const list = await api.get<{ sessions: Session[]; total: number; snapshot: Snapshot }>(
      `${clusterPath(cluster)}/sessions`,
      {
        ...Object.fromEntries(Object.entries(filter).map(([key, value]) => [key, String(value)])),
        hideIdle: options.hideIdle ? '1' : undefined,
        sort: options.sort,
        dir: options.dir,
      },
    );
    if (format() === 'json') printJson(list);
    else
      printTable(
        ['PID', 'USER', 'DATABASE', 'APPLICATION', 'STATE', 'QUERY AGE', 'XACT AGE', 'STATE AGE', 'WAIT', 'QUERY'],
        list.sessions.map((row) => [
          row.pid,
          row.user,
          row.database,
          row.applicationName,
          row.state,
          age(row.queryAgeMs),
          age(row.xactAgeMs),
          age(row.stateAgeMs),
          row.waitEvent ? `${row.waitEventType}:${row.waitEvent}` : '',
          row.query,
        ]),
      );
    if (format() === 'table') say(`${list.sessions.length} of ${list.total} sessions on ${cluster}`);
    process.exitCode = unreachable(list.snapshot, cluster);
  });

program
  .command('blocking')
  .description('Show who blocks whom: each root blocker with the sessions waiting behind it')
  .option('-c, --cluster <id>', 'cluster id (default: $PGWARDEN_CLUSTER, or the only cluster the token covers)')
  .action(async (options: { cluster?: string }) => {
    const api = apiClient();
    const cluster = await clusterOf(api, options.cluster);
    type Node = { pid: number; session: Session | null; children: Node[] };
    const page = await api.get<{
      tree: { roots: { node: Node; total: number }[]; waiting: number };
      snapshot: Snapshot;
    }>(`${clusterPath(cluster)}/blocking`);
    process.exitCode = unreachable(page.snapshot, cluster);
    if (format() === 'json') return printJson(page);
    const rows: (string | number | null)[][] = [];
    const walk = (node: Node, depth: number, total: number | null) => {
      const row = node.session;
      rows.push([
        `${'  '.repeat(depth)}${node.pid}`,
        total ?? '',
        row?.user ?? null,
        row?.applicationName ?? null,
        row?.state ?? null,
        age(row?.stateAgeMs ?? null),
        row?.query ?? null,
      ]);
      for (const child of node.children) walk(child, depth + 1, null);
    };
    for (const root of page.tree.roots) walk(root.node, 0, root.total);
    printTable(['PID', 'HOLDS UP', 'USER', 'APPLICATION', 'STATE', 'STATE AGE', 'QUERY'], rows);
    say(`${page.tree.waiting} sessions wait on a lock held by another session on ${cluster}`);
  });

function printPlan(plan: DryRun, action: string, cluster: string) {
  if (format() === 'json') printJson(plan);
  else
    printTable(
      ['PID', 'USER', 'APPLICATION', 'STATE', 'QUERY AGE', 'XACT AGE', 'QUERY'],
      plan.wouldSignal.map((row) => [
        row.pid,
        row.user,
        row.applicationName,
        row.state,
        age(row.queryAgeMs),
        age(row.xactAgeMs),
        row.query,
      ]),
    );
  for (const refused of plan.wouldRefuse) say(`  pid ${refused.pid} would be left alone: ${refused.message}`);
  const confirm = plan.confirmationRequired ? ` --confirm ${plan.count} (or --confirm ${cluster})` : '';
  say(
    plan.wouldSignal.length === 0
      ? `Dry run: nothing on ${cluster} would be ${action === 'cancel' ? 'cancelled' : 'terminated'}.`
      : `Dry run: ${plan.wouldSignal.length} session(s) on ${cluster} would be ${action === 'cancel' ? 'cancelled' : 'terminated'}; nothing was signalled. Run again with --yes${confirm} to act.`,
  );
}

function printDone(done: Done, cluster: string): number {
  if (format() === 'json') printJson(done);
  else {
    printTable(
      ['PID', 'OUTCOME', 'MESSAGE', 'AUDIT'],
      done.results.map((result) => [result.pid, result.outcome, result.message, result.auditId]),
    );
    if (done.results.length === 0) say(`Nothing on ${cluster} matches; nothing was signalled.`);
  }
  return done.results.some((result) => NOT_STOPPED.has(result.outcome)) ? EXIT.notAllStopped : EXIT.ok;
}

interface SignalOptions extends FilterOptions {
  pid?: number[];
  dryRun?: boolean;
  yes?: boolean;
  confirm?: string;
  timeout: number;
  ackSpecial?: boolean;
  idempotencyKey?: string;
}

async function signal(action: 'cancel' | 'terminate', options: SignalOptions): Promise<number> {
  const byPid = options.pid !== undefined;
  if (byPid === hasNarrowing(options)) {
    throw new CliError(
      byPid
        ? 'Give either --pid or filters (--state, --user, --app, --database, --client, --min, --search), not both.'
        : 'Say which sessions: --pid <pid> (repeatable) or at least one filter (--state, --user, --app, --min, --search...).',
      EXIT.refused,
    );
  }
  const api = apiClient();
  const cluster = await clusterOf(api, options.cluster);
  const path = `${clusterPath(cluster)}/signals`;
  let selection: Record<string, unknown>;
  if (byPid) {
    // The exact backends as they are now: a pid reused by a new backend later is never signalled.
    const found = await Promise.all(
      options.pid!.map((pid) => api.get<{ session: Session }>(`${clusterPath(cluster)}/sessions/${pid}`)),
    );
    selection = {
      targets: found.map(({ session }) => ({
        pid: session.pid,
        backendStart: session.backendStart,
        ...(action === 'cancel' ? { queryStart: session.queryStart } : {}),
      })),
    };
  } else {
    selection = { filter: filterOf(options) };
  }
  const common = {
    action,
    ...selection,
    timeoutMs: options.timeout,
    ...(options.confirm ? { confirm: options.confirm } : {}),
    ...(options.ackSpecial ? { acknowledgeSpecial: true } : {}),
  };
  // Filters default to a dry run; --yes acts. Exact pids act unless --dry-run.
  const dryRun = options.dryRun || (!byPid && !options.yes);
  if (dryRun) {
    printPlan(await api.send<DryRun>('POST', path, { ...common, dryRun: true }), action, cluster);
    return EXIT.ok;
  }
  const headers = { 'idempotency-key': options.idempotencyKey ?? randomUUID() };
  let done: Done;
  try {
    done = await api.send<Done>('POST', path, common, headers);
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== EXIT.unreachable) throw error;
    // Same key: if the first attempt got through, pgwarden answers with its result instead of signalling again.
    say(`${error.message}; retrying once with the same Idempotency-Key.`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    done = await api.send<Done>('POST', path, common, headers);
  }
  return printDone(done, cluster);
}

for (const action of ['cancel', 'terminate'] as const) {
  withFilters(
    program
      .command(action)
      .description(
        action === 'cancel'
          ? 'Cancel the running query of sessions (they stay connected)'
          : 'Terminate sessions (their connection is closed)',
      ),
  )
    .option('-p, --pid <pid>', 'a process id to act on (repeatable); acts at once unless --dry-run', pidList)
    .option('--dry-run', 'print what would be signalled, signal nothing (the default with filters)')
    .option('-y, --yes', 'act on the sessions a filter matches (without it a filter is a dry run)')
    .option(
      '--confirm <count-or-cluster>',
      'the typed confirmation: the target count or the cluster id, needed for more than 10 targets or superuser, protected or special sessions',
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        action === 'terminate'
          ? 'how long to wait for backends to exit (0s: do not wait)'
          : 'ignored: a cancel waits 3s',
      )
        .argParser(duration)
        .default(5000, '5s'),
    )
    .option('--ack-special', 'admins: acknowledge the warning for walsenders and autovacuum workers')
    .option('--idempotency-key <key>', 'reuse a key to make a rerun of this exact command return the first answer')
    .addHelpText('after', exitCodesHelp)
    .action(async (options: SignalOptions) => {
      process.exitCode = await signal(action, options);
    });
}

const tokens = program
  .command('tokens')
  .description('Service tokens (admins, with an admin token): create, list, revoke');

tokens
  .command('list')
  .description('List the tokens you administer: name, role, clusters, created by, last used, expiry')
  .action(async () => {
    const { tokens: list } = await apiClient().get<{ tokens: TokenRecord[] }>('/api/v1/tokens');
    if (format() === 'json') return printJson({ tokens: list });
    printTable(
      ['NAME', 'ROLE', 'CLUSTERS', 'STATUS', 'CREATED BY', 'LAST USED', 'EXPIRES', 'NOTE'],
      list.map((token) => [
        token.name,
        token.role,
        token.clusters.join(','),
        token.status,
        token.createdBy,
        token.lastUsedAt ?? 'never',
        token.expiresAt,
        token.note,
      ]),
    );
  });

tokens
  .command('create <name>')
  .description('Create a token; its secret is printed once and never again')
  .addOption(
    new Option('--role <role>', 'what the token may do').choices(['viewer', 'operator', 'admin']).makeOptionMandatory(),
  )
  .requiredOption('--clusters <ids>', 'comma-separated cluster ids, or * for every cluster')
  .requiredOption('--expires <duration>', 'lifetime, at most 365d, e.g. 12h or 90d')
  .option('--note <text>', 'what the token is for')
  .action(async (name: string, options: { role: string; clusters: string; expires: string; note?: string }) => {
    const created = await apiClient().send<{ token: TokenRecord; secret: string }>('POST', '/api/v1/tokens', {
      name,
      role: options.role,
      clusters: options.clusters
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
      expiresIn: options.expires,
      ...(options.note ? { note: options.note } : {}),
    });
    if (format() === 'json') return printJson(created);
    say(
      `Token ${created.token.name} (${created.token.role} on ${created.token.clusters.join(',')}) expires ${created.token.expiresAt}.`,
    );
    say('Its secret, shown only now:');
    process.stdout.write(`${created.secret}\n`);
  });

tokens
  .command('revoke <name>')
  .description('Revoke a token; its next call is refused on every pgwarden instance')
  .action(async (name: string) => {
    const revoked = await apiClient().send<TokenRecord>('DELETE', `/api/v1/tokens/${encodeURIComponent(name)}`);
    if (format() === 'json') return printJson(revoked);
    say(`Token ${revoked.name} revoked at ${revoked.revokedAt}.`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CliError) {
    say(`pgwarden: ${error.message}`);
    process.exitCode = error.exitCode;
  } else if (error && typeof error === 'object' && 'exitCode' in error && 'code' in error) {
    // commander: help or version printed (exit 0), or a usage error it has already explained (exit 2).
    process.exitCode = (error as { exitCode: number }).exitCode === 0 ? EXIT.ok : EXIT.refused;
  } else {
    say(`pgwarden: ${(error as Error).message ?? String(error)}`);
    process.exitCode = EXIT.unreachable;
  }
}
