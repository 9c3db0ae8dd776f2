import type { DeliveryView } from '@/lib/notify/webhook/outbox-store';
import { formatUtc } from '@/lib/types/audit';

const headers = ['Event', 'Created (UTC)', 'State', 'Attempts'];
const cell = 'border-b border-zinc-100 px-2 py-1 align-top dark:border-zinc-800';
const stateLabel = { queued: 'queued', delivered: 'delivered', given_up: 'given up' } as const;
const stateClass = {
  queued: 'text-amber-700 dark:text-amber-300',
  delivered: 'text-green-700 dark:text-green-300',
  given_up: 'text-red-700 dark:text-red-300',
} as const;

/** One receiver's latest messages, newest first, each attempt with its time, HTTP status or error, and duration. */
export function DeliveriesTable({ deliveries }: { deliveries: DeliveryView[] }) {
  if (deliveries.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No messages yet.</p>;
  // The table keeps its columns; on a narrow screen it scrolls sideways inside its own region, not the page.
  return (
    <div role="region" aria-label="Deliveries" tabIndex={0} className="max-w-full overflow-x-auto">
      <table className="w-full min-w-max border-collapse text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:bg-zinc-900 dark:text-zinc-400">
          <tr>
            {headers.map((header) => (
              <th key={header} scope="col" className="whitespace-nowrap px-2 py-2">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery) => (
            <tr key={delivery.deliveryId} data-testid="delivery-row" data-delivery-id={delivery.deliveryId}>
              <td className={cell}>
                <div className="font-mono text-xs">{delivery.eventType}</div>
                <div>{delivery.summary}</div>
              </td>
              <td className={`${cell} whitespace-nowrap`}>{formatUtc(delivery.createdAt)}</td>
              <td className={`${cell} ${stateClass[delivery.state]}`} data-testid="delivery-state">
                {stateLabel[delivery.state]}
                {delivery.nextAttemptAt && (
                  <div className="text-xs text-zinc-600 dark:text-zinc-400">
                    next try {formatUtc(delivery.nextAttemptAt)}
                  </div>
                )}
              </td>
              <td className={cell}>
                <ol className="flex flex-col gap-0.5" data-testid="delivery-attempts">
                  {delivery.attempts.map((attempt) => (
                    <li key={attempt.attempt} className="whitespace-nowrap font-mono text-xs">
                      #{attempt.attempt} {formatUtc(attempt.startedAt)}{' '}
                      {attempt.httpStatus !== null ? `HTTP ${attempt.httpStatus}` : attempt.error}{' '}
                      <span className="text-zinc-600 dark:text-zinc-400">({Math.round(attempt.durationMs)} ms)</span>
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
