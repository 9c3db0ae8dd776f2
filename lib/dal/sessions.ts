// Reading live sessions of a cluster, for viewers and up: the page's first data, and the encoded GET bodies.
import 'server-only';
import { z } from 'zod';
import { facetsOf } from '@/lib/live/session-facets';
import { viewHubFor, type EncodedView } from '@/lib/live/view-hub';
import { toLiveRow } from '@/lib/model/session-durations';
import { clusterSampler } from '@/lib/sessions/cluster-sampler';
import { summarizeLocks } from '@/lib/types/blocking';
import { sessionViewSchema, filterSessions } from '@/lib/types/session-view';
import type { SessionsPage } from '@/lib/types/sessions-page';
import { clusterIdSchema, guarded } from './guard';
import { readSnapshot } from './snapshot';

export const listSessionsInput = z.object({ clusterId: clusterIdSchema, view: sessionViewSchema });

export function listSessions(input: unknown) {
  return guarded('viewer', listSessionsInput, input, async ({ view }, caller) => {
    const { sessions, ...snapshot } = await readSnapshot(caller, view.interval);
    const page: SessionsPage = {
      snapshot,
      rows: filterSessions(sessions, view).map(toLiveRow),
      total: sessions.length,
      facets: facetsOf(sessions),
      locks: summarizeLocks(sessions),
    };
    return { ok: true as const, data: page };
  });
}

/** The polled GET: the view's page of the latest snapshot, encoded once per snapshot however many viewers ask. */
export function encodedSessions(input: unknown) {
  return guarded('viewer', listSessionsInput, input, async ({ view }, { cluster, config }) => {
    const snapshot = await clusterSampler(cluster).read(view.interval);
    const encoded: EncodedView = viewHubFor(cluster.id).encode(snapshot, view, config);
    return { ok: true as const, data: encoded };
  });
}
