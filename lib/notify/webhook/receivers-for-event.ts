// Which configured receivers get an event: those subscribed to its type and covering its cluster; an ask_owner
// message goes only to the receiver it names, whatever that receiver subscribes to.
import type { WebhookReceiver } from '@/lib/config/schema';
import type { NotificationEvent } from '../notification-event';

export function receiversFor(receivers: readonly WebhookReceiver[], event: NotificationEvent): WebhookReceiver[] {
  if (event.type === 'ask_owner') return receivers.filter((receiver) => receiver.id === event.receiverId);
  return receivers.filter(
    (receiver) =>
      (receiver.events as readonly string[]).includes(event.type) &&
      (receiver.clusters.includes('*') || receiver.clusters.includes(event.clusterId)),
  );
}
