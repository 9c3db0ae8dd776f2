'use client';

import { ConsoleLink } from '@/components/layout/console-link';
import { alertRuleLabels, type AlertRecord } from '@/lib/model/alert';
import { sessionsPath } from '@/lib/notify/session-path';

/** "11:38 UTC": times are the state database's, shown in UTC like the rest of the console's messages. */
function utcTime(iso: string): string {
  return `${iso.slice(11, 16)} UTC`;
}

interface Props {
  alert: AlertRecord;
  canAcknowledge: boolean;
  acknowledging: boolean;
  onAcknowledge: () => void;
}

export function AlertLine({ alert, canAcknowledge, acknowledging, onAcknowledge }: Props) {
  const label = alertRuleLabels[alert.rule];
  return (
    <li
      data-testid="alert"
      data-rule={alert.rule}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-amber-200 py-1.5 first:border-t-0 dark:border-amber-900"
    >
      <strong className="font-semibold">{label}</strong>
      <span className="min-w-0 break-words">{alert.detail}</span>
      <time dateTime={alert.openedAt} title={alert.openedAt} className="text-amber-800 dark:text-amber-300">
        since {utcTime(alert.openedAt)}
      </time>
      {alert.sessions.length > 0 && (
        <span className="flex flex-wrap gap-2" aria-label="Sessions involved">
          {alert.sessions.map((session, index) => (
            <ConsoleLink
              key={`${session.pid}|${session.backendStart ?? ''}`}
              href={index === 0 ? alert.path : sessionsPath(alert.clusterId, {}, session)}
              className="font-mono underline"
            >
              pid {session.pid}
            </ConsoleLink>
          ))}
        </span>
      )}
      <span className="ml-auto flex items-center gap-2">
        {alert.acknowledgedBy ? (
          <span data-testid="alert-acknowledged">
            acknowledged by {alert.acknowledgedBy.name ?? alert.acknowledgedBy.email}
            {alert.acknowledgedAt && ` at ${utcTime(alert.acknowledgedAt)}`}
          </span>
        ) : (
          canAcknowledge && (
            <button
              type="button"
              onClick={onAcknowledge}
              disabled={acknowledging}
              className="rounded border border-amber-400 px-2 py-0.5 text-xs font-medium hover:bg-amber-100 disabled:opacity-50 dark:border-amber-700 dark:hover:bg-amber-900"
            >
              {acknowledging ? 'Acknowledging…' : 'Acknowledge'}
            </button>
          )
        )}
      </span>
    </li>
  );
}
