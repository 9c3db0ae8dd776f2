// The notification of an alert opening, resolving or being acknowledged, as lib/notify's sinks receive it.
import type { AlertRecord } from '@/lib/model/alert';
import { alertRuleLabels } from '@/lib/model/alert';
import type { NotificationEvent } from '@/lib/notify/notification-event';

type AlertEventType = 'alert_opened' | 'alert_resolved' | 'alert_acknowledged';

const verbs: Record<AlertEventType, string> = {
  alert_opened: 'opened',
  alert_resolved: 'resolved',
  alert_acknowledged: 'acknowledged',
};

export function alertEvent(type: AlertEventType, alert: AlertRecord): NotificationEvent {
  const at =
    (type === 'alert_opened' ? alert.openedAt : type === 'alert_resolved' ? alert.resolvedAt : null) ??
    alert.acknowledgedAt ??
    alert.lastSeen;
  const by = type === 'alert_acknowledged' && alert.acknowledgedBy ? ` by ${alert.acknowledgedBy.email}` : '';
  return {
    type,
    clusterId: alert.clusterId,
    at,
    path: alert.path,
    summary: `${alertRuleLabels[alert.rule]} on ${alert.clusterId} ${verbs[type]}${by}: ${alert.detail}`,
    alert: {
      id: alert.id,
      rule: alert.rule,
      detail: alert.detail,
      openedAt: alert.openedAt,
      resolvedAt: alert.resolvedAt,
      acknowledgedBy: alert.acknowledgedBy,
      acknowledgedAt: alert.acknowledgedAt,
      sessions: alert.sessions,
    },
  };
}
