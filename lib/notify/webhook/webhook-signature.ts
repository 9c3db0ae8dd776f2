// The signature a receiver checks: HMAC-SHA256 with the receiver's secret over "<unix seconds>.<body>", sent as
// `X-Pgwarden-Signature: t=<unix seconds>,v1=<hex>` (README, "Verifying a webhook").
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Pgwarden-Signature';
export const EVENT_HEADER = 'X-Pgwarden-Event';
export const DELIVERY_HEADER = 'X-Pgwarden-Delivery';

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
