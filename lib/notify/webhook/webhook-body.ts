// What a receiver is sent: the event as JSON with an absolute `url` (and `id`, the delivery id), or for format
// "slack" an incoming-webhook body (`text` plus blocks with a button to the same link).
import type { NotificationEvent, NotifiedSession } from '../notification-event';

export type WebhookFormat = 'json' | 'slack';

/** The public origin joined with a pgwarden path, or null when no public URL is configured. */
export function absoluteUrl(origin: string | null, path: string): string | null {
  return origin ? new URL(path, origin).toString() : null;
}

function sessionLine(session: NotifiedSession): string {
  const who = [session.user, session.database, session.applicationName].filter(Boolean).join(' / ');
  return `pid ${session.pid}${who ? ` (${who})` : ''}`;
}

/** Plain lines under the summary, for chat formats. */
function detailLines(event: NotificationEvent): string[] {
  switch (event.type) {
    case 'signal':
      return [
        `${event.action} by ${event.actor.email}`,
        ...event.targets.map(
          ({ session, outcome, message }) => `${sessionLine(session)}: ${outcome}${message ? ` (${message})` : ''}`,
        ),
      ];
    case 'ask_owner':
      return [`From ${event.sender.email} to ${event.team}: ${event.note}`, sessionLine(event.session)];
    default:
      return [
        event.alert.detail,
        ...(event.alert.acknowledgedBy ? [`Acknowledged by ${event.alert.acknowledgedBy.email}`] : []),
        ...event.alert.sessions.slice(0, 5).map(sessionLine),
      ];
  }
}

// Slack's mrkdwn treats these three as markup.
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackBody(event: NotificationEvent, url: string | null): object {
  const lines = detailLines(event).map(escapeSlack);
  const summary = escapeSlack(event.summary);
  const link = url ? `<${url}|Open in pgwarden>` : `pgwarden path: ${escapeSlack(event.path)}`;
  return {
    text: `${summary} ${link}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${summary}*\n${lines.join('\n')}`.slice(0, 3000) } },
      url
        ? {
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in pgwarden' }, url }],
          }
        : { type: 'context', elements: [{ type: 'mrkdwn', text: link }] },
    ],
  };
}

export function renderWebhookBody(
  format: WebhookFormat,
  event: NotificationEvent,
  deliveryId: string,
  origin: string | null,
): string {
  const url = absoluteUrl(origin, event.path);
  return JSON.stringify(format === 'slack' ? slackBody(event, url) : { id: deliveryId, ...event, url });
}
