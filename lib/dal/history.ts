// Long-query history of a cluster, for viewers and up: the report page and its CSV export.
import 'server-only';
import { z } from 'zod';
import type pg from 'pg';
import { historyReport, historyWindow, listLongQueries } from '@/lib/history/history-report';
import { teamTotals } from '@/lib/history/team-totals';
import { ownerDirectory } from '@/lib/owners/owner-directory';
import type { OwnerConfig } from '@/lib/config/schema';
import { describePgError } from '@/lib/pg/errors';
import { StateDatabaseMissing, statePool } from '@/lib/state/state-db';
import { MAX_RANGE_DAYS, historyViewSchema, type HistoryReport, type LongQueryRecord } from '@/lib/types/history';
import { failure, type Failure, type Result } from '@/lib/types/result';
import { clusterIdSchema, guarded } from './guard';

export const EXPORT_LIMIT = 10_000;

export const historyInput = z
  .object({ clusterId: clusterIdSchema, view: historyViewSchema })
  .superRefine(({ view }, ctx) => {
    if (view.range !== 'custom') return;
    if (!view.from || !view.to) {
      ctx.addIssue({
        code: 'custom',
        path: ['view', 'from'],
        message: 'and "to" are needed for a chosen range (ISO 8601 with a time zone)',
      });
      return;
    }
    const span = Date.parse(view.to) - Date.parse(view.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['view', 'to'], message: 'must come after "from"' });
    if (span > MAX_RANGE_DAYS * 86_400_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['view', 'to'],
        message: `must be at most ${MAX_RANGE_DAYS} days after "from"`,
      });
    }
  });

async function withStateDb<T>(run: (pool: pg.Pool) => Promise<T>): Promise<Result<T>> {
  let pool: pg.Pool;
  try {
    pool = await statePool();
  } catch (error) {
    return stateDbFailure(error);
  }
  try {
    return { ok: true, data: await run(pool) };
  } catch (error) {
    return failure(
      'unavailable',
      `Long-query history cannot be read: ${describePgError(error)}. Try again in a moment.`,
    );
  }
}

function stateDbFailure(error: unknown): Failure {
  if (error instanceof StateDatabaseMissing) {
    return failure(
      'unavailable',
      'Long-query history needs pgwarden’s state database: set stateDatabaseUrl in the config (or PGWARDEN_STATE_DATABASE_URL).',
    );
  }
  return failure(
    'unavailable',
    `pgwarden’s state database cannot be reached: ${describePgError(error)}. Try again in a moment.`,
  );
}

/** The team of each run, from the owners directory as it is now. */
function withTeams(records: LongQueryRecord[], owners: OwnerConfig[]): LongQueryRecord[] {
  if (owners.length === 0) return records;
  const directory = ownerDirectory(owners);
  return records.map((record) => ({
    ...record,
    team: directory.teamOf(record.user, record.application)?.team ?? null,
  }));
}

export function getHistoryReport(input: unknown): Promise<Result<HistoryReport>> {
  return guarded('viewer', historyInput, input, ({ view }, { cluster, config }) =>
    withStateDb(async (pool) => {
      const report = await historyReport(pool, cluster.id, view);
      if (config.owners.length === 0) return report;
      const directory = ownerDirectory(config.owners);
      const window = { from: new Date(report.window.from), to: new Date(report.window.to) };
      const teams = await teamTotals(
        pool,
        cluster.id,
        window,
        (user, app) => directory.teamOf(user, app)?.team ?? null,
      );
      return { ...report, records: withTeams(report.records, config.owners), teams };
    }),
  );
}

export interface HistoryExport {
  window: { from: string; to: string };
  records: LongQueryRecord[];
  truncated: boolean;
}

export function exportLongQueries(input: unknown): Promise<Result<HistoryExport>> {
  return guarded('viewer', historyInput, input, ({ view }, { cluster, config }) =>
    withStateDb(async (pool) => {
      const window = await historyWindow(pool, view);
      const listed = await listLongQueries(pool, cluster.id, window, EXPORT_LIMIT);
      return {
        window: { from: window.from.toISOString(), to: window.to.toISOString() },
        records: withTeams(listed.records, config.owners),
        truncated: listed.truncated,
      };
    }),
  );
}
