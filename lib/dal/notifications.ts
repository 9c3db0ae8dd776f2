// The Notifications page for admins: the receivers (never their URL or secret: a Slack URL is itself a secret) and
// the latest webhook messages of the clusters the caller administers, each attempt with its status.
import 'server-only';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { roleFor, visibleClusters } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import { describePgError } from '@/lib/pg/errors';
import type { DeliveryView } from '@/lib/notify/webhook/outbox-store';
import { webhookOutbox } from '@/lib/notify/webhook/start-webhooks';
import { failure, type Result } from '@/lib/types/result';
import { guardStats, identifyAndParse } from './guard';
import { requireIdentity, type PageAccess } from './page-access';

export const RECENT_DELIVERIES = 200;

export interface ReceiverSummary {
  id: string;
  format: 'json' | 'slack';
  events: string[];
  clusters: string[];
}

export interface NotificationsOverview {
  receivers: ReceiverSummary[];
  deliveries: DeliveryView[];
}

export async function listNotificationDeliveries(): Promise<Result<NotificationsOverview>> {
  const known = await identifyAndParse(z.undefined(), undefined);
  if (!known.ok) {
    guardStats.refused++;
    return known.failure;
  }
  const config = getConfig();
  const administered = config.clusters
    .filter((cluster) => roleFor(config, known.identity, cluster.id) === 'admin')
    .map((cluster) => cluster.id);
  if (administered.length === 0) {
    guardStats.refused++;
    return failure('forbidden', `Notifications are shown to admins; ${known.identity.email} is admin of no cluster.`);
  }
  guardStats.admitted++;
  const receivers = config.notifications.receivers
    .filter((receiver) => receiver.clusters.includes('*') || receiver.clusters.some((id) => administered.includes(id)))
    .map(({ id, format, events, clusters }) => ({ id, format, events: [...events], clusters: [...clusters] }));
  try {
    const deliveries = await webhookOutbox().recent({ clusters: administered, limit: RECENT_DELIVERIES });
    return { ok: true, data: { receivers, deliveries } };
  } catch (error) {
    return failure('unavailable', `The webhook outbox cannot be read: ${describePgError(error)}. Try again.`);
  }
}

/** For the Notifications page: signed in (else to sign-in and back) and admin of some cluster (else /denied). */
export async function requireNotificationsPage(): Promise<PageAccess> {
  const identity = await requireIdentity('/notifications');
  const config = getConfig();
  const admin = config.clusters.find((cluster) => roleFor(config, identity, cluster.id) === 'admin');
  if (!admin) redirect('/denied');
  return {
    identity,
    role: 'admin',
    cluster: admin,
    clusters: visibleClusters(config, identity).map((cluster) => ({
      id: cluster.id,
      name: cluster.name ?? cluster.id,
    })),
  };
}
