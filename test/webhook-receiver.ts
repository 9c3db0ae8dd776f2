// A real HTTP receiver on loopback for webhook tests (vitest and Playwright): it records every request and answers
// what the test says, after the delay the test says.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface WebhookReceiverHandle {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Decides each answer; by default 200 at once. `index` counts requests from 0. */
  respond: (index: number) => { status: number; delayMs?: number };
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiverHandle> {
  const handle = {
    received: [] as ReceivedWebhook[],
    respond: (() => ({ status: 200 })) as WebhookReceiverHandle['respond'],
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = handle.received.length;
      handle.received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      });
      const { status, delayMs = 0 } = handle.respond(index);
      const timer = setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), delayMs);
      // A client that gave up closes the socket: stop waiting.
      response.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  return Object.assign(handle, {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}/hook`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
