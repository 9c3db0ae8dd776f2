// The alerts table: open, refresh, resolve, acknowledge and list alerts; safe with several evaluators at once.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type { AlertRecord, AlertRule } from '@/lib/model/alert';
import type { NotifiedSession } from '@/lib/notify/notification-event';
import type { AlertCondition } from './alert-conditions';

const COLUMNS = `id::text, cluster_id, rule, condition_key, detail, sessions, path, opened_at, last_seen, resolved_at,
  acknowledged_by, acknowledged_by_name, acknowledged_at`;

interface AlertRow {
  id: string;
  cluster_id: string;
  rule: AlertRule;
  condition_key: string;
  detail: string;
  sessions: NotifiedSession[];
  path: string;
  opened_at: Date;
  last_seen: Date;
  resolved_at: Date | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: Date | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

function recordOf(row: AlertRow): AlertRecord {
  return {
    id: row.id,
    clusterId: row.cluster_id,
    rule: row.rule,
    key: row.condition_key,
    detail: row.detail,
    sessions: row.sessions,
    path: row.path,
    openedAt: row.opened_at.toISOString(),
    lastSeen: row.last_seen.toISOString(),
    resolvedAt: iso(row.resolved_at),
    acknowledgedBy: row.acknowledged_by ? { email: row.acknowledged_by, name: row.acknowledged_by_name } : null,
    acknowledgedAt: iso(row.acknowledged_at),
  };
}

/** Opens the alert unless one is already open for the condition; null when another evaluator opened it first. */
export async function openAlert(
  pool: pg.Pool,
  clusterId: string,
  condition: AlertCondition,
): Promise<AlertRecord | null> {
  const { rows } = await runQuery<AlertRow>(
    pool,
    `insert into alerts (cluster_id, rule, condition_key, detail, sessions, path) values ($1, $2, $3, $4, $5, $6)
     on conflict (cluster_id, rule, condition_key) where resolved_at is null do nothing
     returning ${COLUMNS}`,
    [clusterId, condition.rule, condition.key, condition.detail, JSON.stringify(condition.sessions), condition.path],
  );
  return rows[0] ? recordOf(rows[0]) : null;
}

/** The condition still holds: what it looks like now. */
export async function refreshAlert(pool: pg.Pool, id: string, condition: AlertCondition): Promise<void> {
  await runQuery(
    pool,
    `update alerts set detail = $2, sessions = $3, path = $4, last_seen = now() where id = $1 and resolved_at is null`,
    [id, condition.detail, JSON.stringify(condition.sessions), condition.path],
  );
}

/** Resolves the alert; null when it was resolved already (by another evaluator). */
export async function resolveAlert(pool: pg.Pool, id: string): Promise<AlertRecord | null> {
  const { rows } = await runQuery<AlertRow>(
    pool,
    `update alerts set resolved_at = now(), last_seen = now() where id = $1 and resolved_at is null
     returning ${COLUMNS}`,
    [id],
  );
  return rows[0] ? recordOf(rows[0]) : null;
}

export async function openAlertsOf(pool: pg.Pool, clusterId: string): Promise<AlertRecord[]> {
  const { rows } = await runQuery<AlertRow>(
    pool,
    `select ${COLUMNS} from alerts where cluster_id = $1 and resolved_at is null order by opened_at, id`,
    [clusterId],
  );
  return rows.map(recordOf);
}

/** Open alerts per cluster, every cluster in one statement (the fleet overview reads it every few seconds). */
export async function countOpenAlerts(pool: pg.Pool): Promise<Map<string, number>> {
  const { rows } = await runQuery<{ cluster_id: string; open: number }>(
    pool,
    'select cluster_id, count(*)::int as open from alerts where resolved_at is null group by cluster_id',
  );
  return new Map(rows.map((row) => [row.cluster_id, row.open]));
}

export type AcknowledgeOutcome =
  | { outcome: 'acknowledged'; alert: AlertRecord }
  | { outcome: 'already'; alert: AlertRecord }
  | { outcome: 'not_found' };

/** The first acknowledgement counts: a second one leaves who and when as they were. */
export async function acknowledgeAlert(
  pool: pg.Pool,
  clusterId: string,
  id: string,
  by: { email: string; name: string | null },
): Promise<AcknowledgeOutcome> {
  const { rows } = await runQuery<AlertRow>(
    pool,
    `update alerts set acknowledged_by = $3, acknowledged_by_name = $4, acknowledged_at = now()
      where id = $1 and cluster_id = $2 and acknowledged_at is null
     returning ${COLUMNS}`,
    [id, clusterId, by.email, by.name],
  );
  if (rows[0]) return { outcome: 'acknowledged', alert: recordOf(rows[0]) };
  const existing = await runQuery<AlertRow>(pool, `select ${COLUMNS} from alerts where id = $1 and cluster_id = $2`, [
    id,
    clusterId,
  ]);
  return existing.rows[0] ? { outcome: 'already', alert: recordOf(existing.rows[0]) } : { outcome: 'not_found' };
}

/** Open alerts first, then (with includeResolved) resolved ones; newest first within each, for the given clusters. */
export async function listAlerts(
  pool: pg.Pool,
  clusterIds: string[],
  options: { includeResolved: boolean; limit: number },
): Promise<AlertRecord[]> {
  const { rows } = await runQuery<AlertRow>(
    pool,
    `select ${COLUMNS} from alerts
      where cluster_id = any($1::text[]) and ($2 or resolved_at is null)
      order by resolved_at is not null, opened_at desc, id desc
      limit $3`,
    [clusterIds, options.includeResolved, options.limit],
  );
  return rows.map(recordOf);
}

/** Deletes resolved alerts older than `retentionDays` (open ones stay, however old); returns how many. */
export async function deleteExpiredAlerts(pool: pg.Pool, retentionDays: number): Promise<number> {
  const { rowCount } = await runQuery(
    pool,
    `delete from alerts where resolved_at < now() - make_interval(days => $1)`,
    [retentionDays],
  );
  return rowCount ?? 0;
}
