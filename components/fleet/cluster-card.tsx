// One cluster of the fleet overview: its state and figures, each a link into the cluster's pages filtered to it.
import { ConsoleLink } from '@/components/layout/console-link';
import type { ReactNode } from 'react';
import { formatAge, ordinarySlots, type ClusterOverview, type NamedSession, SCORE } from '@/lib/model/fleet-overview';
import { sessionsPath } from '@/lib/notify/session-path';

const tone = {
  down: 'border-red-500 bg-red-50 dark:bg-red-950/40',
  critical: 'border-red-400 bg-white dark:bg-zinc-950',
  warning: 'border-amber-400 bg-white dark:bg-zinc-950',
  ok: 'border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950',
} as const;

function levelOf(overview: ClusterOverview): keyof typeof tone {
  if (overview.reachable === false) return 'down';
  if (overview.score >= SCORE.connectionsFilling) return 'critical';
  return overview.score > 0 ? 'warning' : 'ok';
}

function who(session: NamedSession): string {
  return [session.user ?? '?', session.applicationName || null].filter(Boolean).join(' · ');
}

function Figure({
  label,
  href,
  testId,
  children,
}: {
  label: string;
  href: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="truncate text-sm">
        <ConsoleLink href={href} className="hover:underline" data-testid={testId}>
          {children}
        </ConsoleLink>
      </dd>
    </div>
  );
}

export function ClusterCard({ overview, rank }: { overview: ClusterOverview; rank: number }) {
  const { id, connections, locks, longestQuery, idleInTransaction, oldestTransaction, oldestXmin } = overview;
  const level = levelOf(overview);
  const settings = connections.settings;
  const detail = (session: NamedSession | { pid: number; backendStart: string | null } | null) =>
    session ? { pid: session.pid, backendStart: session.backendStart } : undefined;
  return (
    <article
      className={`rounded border-l-4 border-y border-r p-3 ${tone[level]}`}
      data-testid="fleet-card"
      data-cluster={id}
      data-rank={rank}
      data-score={overview.score}
      aria-label={`${overview.name}: ${overview.reasons.join(', ') || 'calm'}`}
    >
      <header className="flex flex-wrap items-baseline gap-2">
        <ConsoleLink href={sessionsPath(id)} className="font-semibold hover:underline" data-testid="fleet-card-name">
          {overview.name}
        </ConsoleLink>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          {id}
          {overview.serverVersion && ` · PostgreSQL ${overview.serverVersion}`}
        </span>
        <span className="text-xs font-medium" data-testid="fleet-card-reasons">
          {overview.reachable === null
            ? 'waiting for the first sample'
            : overview.reasons.length
              ? overview.reasons.join(' · ')
              : 'calm'}
        </span>
        {overview.openAlerts !== null && overview.openAlerts > 0 && (
          <span className="rounded bg-red-600 px-1.5 text-xs text-white" data-testid="fleet-card-alerts">
            {overview.openAlerts} open {overview.openAlerts === 1 ? 'alert' : 'alerts'}
          </span>
        )}
      </header>
      {overview.error && (
        <p role="alert" className="mt-1 text-sm text-red-800 dark:text-red-200" data-testid="fleet-card-error">
          <ConsoleLink href={sessionsPath(id)} className="hover:underline">
            Cannot reach {id}: {overview.error.message}
          </ConsoleLink>{' '}
          — since {overview.error.since.slice(11, 19)} UTC
          {overview.ageMs !== null && overview.takenAt ? `; figures below are ${formatAge(overview.ageMs)} old` : ''}.
        </p>
      )}
      {overview.takenAt && (
        <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
          <Figure
            label="Connections"
            href={sessionsPath(id, { backendType: 'client backend' })}
            testId="fleet-connections"
          >
            {connections.used}
            {settings && ` / ${settings.maxConnections}`}
            {settings && (
              <span
                className="text-xs text-zinc-600 dark:text-zinc-400"
                title={`${ordinarySlots(settings)} slots for ordinary logins: max_connections minus superuser_reserved_connections${settings.reservedConnections !== null ? ' and reserved_connections' : ''}`}
              >
                {' '}
                ({settings.superuserReservedConnections}
                {settings.reservedConnections !== null && ` + ${settings.reservedConnections}`} reserved)
              </span>
            )}
          </Figure>
          <Figure label="Active" href={sessionsPath(id, { state: 'active' })} testId="fleet-active">
            {overview.active}
          </Figure>
          <Figure
            label="Idle in transaction"
            href={sessionsPath(id, { state: 'idle in transaction', by: 'xactAgeMs' }, detail(idleInTransaction.oldest))}
            testId="fleet-idle-in-transaction"
          >
            {idleInTransaction.count}
            {idleInTransaction.oldest && `, oldest ${formatAge(idleInTransaction.oldest.ageMs)}`}
          </Figure>
          <Figure
            label="Longest query"
            href={sessionsPath(id, { state: 'active', by: 'queryAgeMs' }, detail(longestQuery))}
            testId="fleet-longest-query"
          >
            {longestQuery ? `${formatAge(longestQuery.ageMs)} · ${who(longestQuery)}` : 'none running'}
          </Figure>
          <Figure label="Lock chains" href={`/clusters/${encodeURIComponent(id)}/blocking`} testId="fleet-locks">
            {locks.roots === 0
              ? 'none'
              : `${locks.roots} ${locks.roots === 1 ? 'chain' : 'chains'}, ${locks.waiting} waiting, longest ${formatAge(locks.longestWaitMs)}`}
            {locks.worstRoot && (
              <span className="text-xs text-zinc-600 dark:text-zinc-400"> (root {locks.worstRoot.pid})</span>
            )}
          </Figure>
          <Figure
            label="Oldest transaction"
            href={sessionsPath(id, { by: 'xactAgeMs' }, detail(oldestTransaction))}
            testId="fleet-oldest-transaction"
          >
            {oldestTransaction ? `${formatAge(oldestTransaction.ageMs)} · ${who(oldestTransaction)}` : 'none open'}
          </Figure>
          <Figure
            label="Vacuum horizon (backend_xmin)"
            href={sessionsPath(id, { by: 'xactAgeMs' }, detail(oldestXmin))}
            testId="fleet-xmin"
          >
            {oldestXmin
              ? `${oldestXmin.ageXids.toLocaleString('en')} transactions · pid ${oldestXmin.pid}`
              : 'none held'}
          </Figure>
        </dl>
      )}
    </article>
  );
}
