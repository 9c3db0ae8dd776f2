import { ConsoleHeader } from '@/components/layout/console-header';
import { mainContentProps } from '@/components/layout/console-nav';
import { DeliveriesTable } from '@/components/notifications/deliveries-table';
import { listNotificationDeliveries, requireNotificationsPage, RECENT_DELIVERIES } from '@/lib/dal/notifications';

export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const access = await requireNotificationsPage();
  const overview = await listNotificationDeliveries();
  return (
    <div className="flex min-h-screen flex-col">
      <ConsoleHeader access={access} section="notifications" />
      <main {...mainContentProps} className="outline-none flex flex-col gap-6 p-4">
        <section className="flex flex-col gap-2">
          <h1 className="text-lg font-semibold">Notifications</h1>
          <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
            The latest {RECENT_DELIVERIES} webhook messages of the clusters you administer, per receiver, with every
            delivery attempt. Receivers are set in the config file (<code>notifications.receivers</code>).
          </p>
        </section>
        {!overview.ok ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {overview.message}
          </p>
        ) : overview.data.receivers.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No receiver is configured for your clusters.</p>
        ) : (
          overview.data.receivers.map((receiver) => (
            <section
              key={receiver.id}
              className="flex flex-col gap-2"
              aria-labelledby={`receiver-${receiver.id}`}
              data-testid="receiver"
            >
              <h2 id={`receiver-${receiver.id}`} className="font-medium">
                {receiver.id}{' '}
                <span className="text-sm font-normal text-zinc-600 dark:text-zinc-400">
                  {receiver.format} · {receiver.events.join(', ') || 'owner messages only'} · clusters{' '}
                  {receiver.clusters.join(', ')}
                </span>
              </h2>
              <DeliveriesTable
                deliveries={overview.data.deliveries.filter((delivery) => delivery.receiverId === receiver.id)}
              />
            </section>
          ))
        )}
      </main>
    </div>
  );
}
