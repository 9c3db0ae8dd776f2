// Long-query history by team: totals per (user, application) from the state database, summed per team of the
// owners directory when read (history stores who ran a query, not the team, so a changed directory applies at once).
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type { TeamTotal } from '@/lib/types/history';

/** At most this many distinct (user, application) pairs are summed, those with the most long-query time first. */
export const MAX_OWNER_PAIRS = 10_000;

const PAIRS_SQL = `
select user_name, application, count(*)::int as queries, sum(longest_ms)::float8 as total_ms,
       max(longest_ms)::float8 as worst_ms
  from long_queries
 where cluster_id = $1 and last_seen >= $2 and query_start <= $3
 group by user_name, application
 order by total_ms desc
 limit $4`;

interface PairRow {
  user_name: string | null;
  application: string | null;
  queries: number;
  total_ms: number;
  worst_ms: number;
}

export async function teamTotals(
  pool: pg.Pool,
  clusterId: string,
  window: { from: Date; to: Date },
  teamOf: (user: string | null, application: string | null) => string | null,
): Promise<TeamTotal[]> {
  const { rows } = await runQuery<PairRow>(pool, PAIRS_SQL, [clusterId, window.from, window.to, MAX_OWNER_PAIRS]);
  const totals = new Map<string | null, TeamTotal>();
  for (const row of rows) {
    const team = teamOf(row.user_name, row.application);
    const total = totals.get(team) ?? { team, queries: 0, totalMs: 0, worstMs: 0 };
    total.queries += row.queries;
    total.totalMs += row.total_ms;
    total.worstMs = Math.max(total.worstMs, row.worst_ms);
    totals.set(team, total);
  }
  return [...totals.values()].sort((a, b) => b.totalMs - a.totalMs || b.queries - a.queries);
}
