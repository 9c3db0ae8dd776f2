// The demo's webhook receiver: a plain HTTP server on loopback that prints each delivery pgwarden sends (event type,
// summary, deep link) in the demo's terminal, so a newcomer sees a notification arrive and can open its link.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { findFreePort } from '../embedded-postgres';

const MAX_BODY_BYTES = 1_000_000;

export interface DemoReceiver {
  url: string;
  /** Shared with pgwarden's config: deliveries are signed with it (X-Pgwarden-Signature). */
  secret: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The first string in the body that is a link into a cluster's pages (the deep link), wherever the format puts it. */
function deepLinkIn(value: unknown): string | null {
  if (typeof value === 'string') return /^https?:\/\/\S+\/clusters\/\S*$/.test(value) ? value : null;
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) {
      const found = deepLinkIn(inner);
      if (found) return found;
    }
  }
  return null;
}

/** The README's check ("Verifying a webhook"): HMAC-SHA256 over "<t>.<body>", sent as `X-Pgwarden-Signature: t=,v1=`. */
function signatureMatches(request: IncomingMessage, body: Buffer, secret: string): boolean {
  const header = request.headers['x-pgwarden-signature'];
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.`).update(body).digest();
  return timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected);
}

/** One terminal line per delivery: `[webhook] <event> <cluster>: <summary> -> <deep link>`. */
export function describeDelivery(body: Buffer): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return `(not JSON, ${body.length} bytes)`;
  }
  const record = (parsed ?? {}) as Record<string, unknown>;
  const event = (record.event ?? record.type ?? 'message') as string;
  const cluster = (record.clusterId ?? record.cluster ?? '') as string;
  const summary = (record.summary ?? record.text ?? '') as string;
  const link = deepLinkIn(parsed);
  return `${event}${cluster ? ` ${cluster}` : ''}: ${summary}${link ? `\n            open: ${link}` : ''}`;
}

export async function startDemoReceiver(say: (line: string) => void, preferredPort = 54390): Promise<DemoReceiver> {
  const secret = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    readBody(request).then(
      (body) => {
        const signed = signatureMatches(request, body, secret) ? 'signature ok' : 'NO VALID SIGNATURE';
        say(`  [webhook] ${describeDelivery(body)}  (${signed})`);
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      },
      () => response.writeHead(413).end(),
    );
  });
  const port = await findFreePort(preferredPort);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    secret,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}
