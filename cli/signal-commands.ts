// cancel and terminate: exact pids act at once, filters are a dry run until --yes; exit codes by outcome.
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatDuration } from '@/lib/types/session-view';
import { apiClient, CliError } from './api-client';
import type { DryRun, Done, Session } from './api-types';
import { EXIT, exitCodesHelp } from './exit-codes';
import { printJson, printTable, say, type OutputFormat } from './output';
import { clusterOf, clusterPath, duration, filterOf, hasNarrowing, withFilters, type FilterOptions } from './selection';

const age = (ms: number | null) => formatDuration(ms);

const NOT_STOPPED = new Set(['still_running', 'not_permitted', 'refused', 'failed']);

function pidList(value: string, previous: number[] = []): number[] {
  const pid = Number(value);
  if (!Number.isInteger(pid) || pid <= 0) throw new InvalidArgumentError('expected a process id (a positive integer).');
  return [...previous, pid];
}

function printPlan(plan: DryRun, action: string, cluster: string, output: OutputFormat) {
  if (output === 'json') printJson(plan);
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

function printDone(done: Done, cluster: string, output: OutputFormat): number {
  if (output === 'json') printJson(done);
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

async function signal(action: 'cancel' | 'terminate', options: SignalOptions, output: OutputFormat): Promise<number> {
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
    printPlan(await api.send<DryRun>('POST', path, { ...common, dryRun: true }), action, cluster, output);
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
  return printDone(done, cluster, output);
}

export function addSignalCommands(program: Command, format: () => OutputFormat): void {
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
        process.exitCode = await signal(action, options, format());
      });
  }
}
