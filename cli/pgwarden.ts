// pgwarden's command line: sessions, blocking, cancel, terminate and tokens over /api/v1 (see `pgwarden --help`).
import { Command, Option } from 'commander';
import { formatDuration } from '@/lib/types/session-view';
import { apiClient, CliError } from './api-client';
import type { Session, Snapshot } from './api-types';
import { EXIT, exitCodesHelp } from './exit-codes';
import { chosenFormat, printJson, printTable, say, type OutputFormat } from './output';
import { clusterOf, clusterPath, withFilters, filterOf, type FilterOptions } from './selection';
import { addSignalCommands } from './signal-commands';
import { addTokenCommands } from './token-commands';

/** pgwarden answered, but cannot sample the cluster: what is shown is the last good sample, if any (exit 3). */
function unreachable(snapshot: Snapshot, cluster: string): number {
  if (!snapshot.error) return EXIT.ok;
  say(
    `pgwarden cannot reach ${cluster} since ${snapshot.error.since}: ${snapshot.error.message}${snapshot.takenAt ? ` (showing the sample of ${snapshot.takenAt})` : ''}`,
  );
  return EXIT.unreachable;
}

// `pgwarden sessions | head` closes the pipe early: that is the reader's choice, not an error to print.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});

interface Globals {
  output?: string;
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

const format = (): OutputFormat => chosenFormat(program.opts<Globals>().output);
const age = (ms: number | null) => formatDuration(ms);

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

addSignalCommands(program, format);
addTokenCommands(program, format);

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
