// The live sessions stream (Server-Sent Events): sign-in and role checked at connect, the role again at every
// snapshot and heartbeat, since role changes apply at once; then one diff per snapshot, encoded once per view.
import 'server-only';
import { roleAtLeast, roleFor } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import { subscribe } from '@/lib/live/sessions-feed';
import { viewHubFor, type EncodedView } from '@/lib/live/view-hub';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import type { Result } from '@/lib/types/result';
import { checkAccess } from './guard';
import { listSessionsInput } from './sessions';

export const HEARTBEAT_MS = 15_000;
/** A stream ends after this long with `event: bye`; the browser reconnects at once, through the sign-in check again. */
export const STREAM_MAX_MS = 10 * 60_000;
/** A viewer this far behind (bytes queued) is dropped; it reconnects and starts from a full page. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * The stream cannot see the cookie change (sign-out, expiry), so the page asks this every ACCESS_CHECK_MS with its
 * current cookie; a refusal closes its stream.
 */
export async function checkSessionsAccess(input: unknown): Promise<Result<null>> {
  const access = await checkAccess('viewer', listSessionsInput, input);
  return access.ok ? { ok: true, data: null } : access.failure;
}

export async function openSessionsStream(input: unknown, aborted: AbortSignal): Promise<Result<ReadableStream>> {
  const access = await checkAccess('viewer', listSessionsInput, input);
  if (!access.ok) return access.failure;
  const { parsed, caller } = access;
  const { view } = parsed;
  const sampler = clusterSampler(caller.cluster);
  const hub = viewHubFor(caller.cluster.id);

  let finish: () => void = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let closed = false;
        const send = (chunk: Uint8Array) => {
          if (closed) return;
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return finish();
          controller.enqueue(chunk);
        };
        const stillAllowed = () => {
          const config = getConfig();
          const role = roleFor(config, caller.identity, caller.cluster.id);
          if (config.clusters.some((cluster) => cluster.id === caller.cluster.id) && roleAtLeast(role, 'viewer'))
            return true;
          send(event('refused', { message: `Your access to ${caller.cluster.id} was removed.` }));
          finish();
          return false;
        };
        const deliver = (encoded: EncodedView) => {
          if (!stillAllowed()) return;
          if (encoded.diffEvent) send(encoded.diffEvent);
        };
        const unsubscribe = subscribe(caller.cluster.id, sampler, { view, deliver });
        const heartbeat = setInterval(() => {
          if (stillAllowed()) send(encoder.encode(': heartbeat\n\n'));
        }, HEARTBEAT_MS);
        const maxAge = setTimeout(() => {
          send(event('bye', {}));
          finish();
        }, STREAM_MAX_MS);
        finish = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(heartbeat);
          clearTimeout(maxAge);
          aborted.removeEventListener('abort', finish);
          try {
            controller.close();
          } catch {
            // already closed by the other side
          }
        };
        aborted.addEventListener('abort', finish);
        // Which snapshot the view is at now: a browser holding another one fetches the full page (gzipped GET).
        const snapshot = await sampler.read(view.interval);
        const encoded = hub.encode(snapshot, view, getConfig());
        send(encoder.encode('retry: 3000\n\n'));
        send(event('hello', { snapshotId: encoded.snapshotId }));
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );
  return { ok: true, data: stream };
}
