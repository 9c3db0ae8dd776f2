// The TCP peer of each request, in a header no client can set. Next's server only adds X-Forwarded-For when the
// request has none (base-server.js: `x-forwarded-for ??= socket.remoteAddress`), so without a proxy in front
// that header is whatever the client sent; this one is what the socket says.
import 'server-only';
import http from 'node:http';

export const PEER_ADDRESS_HEADER = 'x-pgwarden-peer-address';

type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
const installed = globalThis as { __pgwardenPeerAddress?: boolean };

/** Called once at start-up (instrumentation.ts), before the server answers requests it matters for. */
export function recordPeerAddresses(): void {
  if (installed.__pgwardenPeerAddress) return;
  installed.__pgwardenPeerAddress = true;
  const prototype = http.Server.prototype as unknown as { emit: Emit };
  const emit = prototype.emit;
  prototype.emit = function (this: http.Server, event, ...args) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  };
}
