// The demo's webhook receiver: a real HTTP server on loopback that prints each delivery with its deep link.
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoReceiver, type DemoReceiver } from './webhook-receiver';
import { signatureHeader } from '../../lib/notify/webhook/webhook-signature';

const lines: string[] = [];
let receiver: DemoReceiver | undefined;

afterAll(async () => {
  await receiver?.close();
});

describe('demo webhook receiver', () => {
  it('prints the event, summary and deep link of a signed delivery, and answers 200', async () => {
    receiver = await startDemoReceiver((line) => lines.push(line), 54490);
    const body = JSON.stringify({
      type: 'alert_opened',
      clusterId: 'demo',
      summary: 'Query running for 6 min on demo',
      url: 'http://127.0.0.1:3000/clusters/demo/sessions?state=active&detail=42@2025-01-01',
    });
    const signature = signatureHeader(receiver.secret, body, Math.floor(Date.now() / 1000));
    const response = await fetch(receiver.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pgwarden-signature': signature },
      body,
    });
    expect(response.status).toBe(200);
    expect(lines.join('\n')).toContain('[webhook] alert_opened demo: Query running for 6 min on demo');
    expect(lines.join('\n')).toContain('open: http://127.0.0.1:3000/clusters/demo/sessions?state=active&detail=42@');
    expect(lines.join('\n')).toContain('(signature ok)');

    await fetch(receiver.url, { method: 'POST', body: JSON.stringify({ text: 'forged' }) });
    expect(lines.at(-1)).toContain('NO VALID SIGNATURE');
    expect((await fetch(receiver.url)).status).toBe(405);
  });
});
