// Who runs the long queries: owners (user and application) by total long-query time, each linked to its live sessions.
import Link from 'next/link';
import { ownerLabel, ownerLiveHref, type OwnerTotal } from '@/lib/types/history';
import { formatDuration } from '@/lib/types/session-view';

const cell = 'px-2 py-1.5';
const number = `${cell} text-right tabular-nums`;

export function OwnerTotals({ clusterId, owners }: { clusterId: string; owners: OwnerTotal[] }) {
  return (
    <section aria-labelledby="history-owners-title" className="min-w-0">
      <h2 id="history-owners-title" className="mb-1 font-semibold">
        Top owners
      </h2>
      {owners.length === 0 ? (
        <p className="text-sm text-zinc-500">No long query in this window.</p>
      ) : (
        <table className="w-full text-sm">
          <thead className="border-b border-zinc-200 text-left text-xs uppercase text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th className={cell}>User · application</th>
              <th className={`${cell} text-right`}>Long queries</th>
              <th className={`${cell} text-right`}>Total time</th>
              <th className={`${cell} text-right`}>Worst</th>
            </tr>
          </thead>
          <tbody>
            {owners.map((owner) => (
              <tr
                key={`${owner.user}\u0000${owner.application}`}
                className="border-b border-zinc-100 dark:border-zinc-900"
                data-testid="history-owner"
                data-user={owner.user ?? ''}
                data-application={owner.application ?? ''}
              >
                <td className={cell}>
                  <Link
                    href={ownerLiveHref(clusterId, owner.user, owner.application)}
                    className="underline"
                    title="Live sessions of this owner"
                  >
                    {ownerLabel(owner.user, owner.application)}
                  </Link>
                </td>
                <td className={number}>{owner.queries}</td>
                <td className={number}>{formatDuration(owner.totalMs)}</td>
                <td className={number}>{formatDuration(owner.worstMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
