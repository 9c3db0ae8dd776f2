// The demo config's webhook block, for the receiver the demo starts (scripts/demo/webhook-receiver.ts).
export const DEMO_RECEIVER_ID = 'demo-terminal';

/** The demo config's webhook block: every alert event and every signal, as generic JSON. */
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
