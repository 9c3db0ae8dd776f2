// Streams of a cluster's sessions: one sampler listener per cluster hands each snapshot to every subscriber,
// encoded once per view by the cluster's view hub.
import 'server-only';
import { getConfig } from '@/lib/config/load';
import { metrics } from '@/lib/metrics/registry';
import type { ClusterSampler } from '@/lib/sessions/sampler';
import type { SessionsSnapshot } from '@/lib/types/session';
import type { SessionView } from '@/lib/types/session-view';
import { viewHubFor, type EncodedView } from './view-hub';

export interface FeedSubscriber {
  view: SessionView;
  deliver(encoded: EncodedView): void;
}

interface Feed {
  subscribers: Set<FeedSubscriber>;
  stopListening: () => void;
}

const feeds: Map<string, Feed> = ((globalThis as { __pgwardenFeeds?: Map<string, Feed> }).__pgwardenFeeds ??=
  new Map());

function publish(clusterId: string, sampler: ClusterSampler, snapshot: SessionsSnapshot): void {
  const feed = feeds.get(clusterId);
  if (!feed) return;
  const hub = viewHubFor(clusterId);
  const config = getConfig();
  const started = performance.now();
  // Encoded once per distinct view (the hub's cache), then the same bytes written to every stream of that view.
  const deliveries: [FeedSubscriber, EncodedView][] = [];
  for (const subscriber of feed.subscribers) {
    sampler.want(subscriber.view.interval);
    deliveries.push([subscriber, hub.encode(snapshot, subscriber.view, config)]);
  }
  const encoded = performance.now();
  for (const [subscriber, view] of deliveries) {
    try {
      subscriber.deliver(view);
    } catch {
      // A subscriber whose connection broke is removed by its own close handler; the others still get the snapshot.
    }
  }
  const stage = metrics().liveStage;
  stage.observe({ cluster: clusterId, stage: 'encode' }, (encoded - started) / 1000);
  stage.observe({ cluster: clusterId, stage: 'deliver' }, (performance.now() - encoded) / 1000);
}

/** Subscribes to every new snapshot of `sampler`'s cluster; returns the unsubscribe function. */
export function subscribe(clusterId: string, sampler: ClusterSampler, subscriber: FeedSubscriber): () => void {
  let feed = feeds.get(clusterId);
  if (!feed) {
    const stopListening = sampler.onSampleForViewers((snapshot) => publish(clusterId, sampler, snapshot));
    feed = { subscribers: new Set(), stopListening };
    feeds.set(clusterId, feed);
  }
  feed.subscribers.add(subscriber);
  metrics().liveStreams.set({ cluster: clusterId }, feed.subscribers.size);
  sampler.want(subscriber.view.interval);
  return () => {
    const current = feeds.get(clusterId);
    if (!current) return;
    current.subscribers.delete(subscriber);
    metrics().liveStreams.set({ cluster: clusterId }, current.subscribers.size);
    if (current.subscribers.size === 0) {
      current.stopListening();
      feeds.delete(clusterId);
    }
  };
}
