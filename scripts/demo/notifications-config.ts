// The demo config's webhook block, for the receiver the demo starts (scripts/demo/webhook-receiver.ts).
export const DEMO_RECEIVER_ID = 'demo-terminal';

/**
 * The demo config's webhook block: every alert event and every signal, as generic JSON. pgwarden's config schema
 * ignores the key until the webhook notifications (lib/notify outbox) are part of the build.
 */
export function demoNotificationsConfig(receiver: { url: string; secret: string }) {
  return {
    receivers: [
      {
        id: DEMO_RECEIVER_ID,
        url: receiver.url,
        secret: receiver.secret,
        events: ['alert_opened', 'alert_resolved', 'alert_acknowledged', 'signal'],
        format: 'json',
      },
    ],
  };
}
