'use client';
// The detail panel's owner section: the team the owners directory names for the session, its contact, and "Ask the
// owner" when the team has a receiver. Shown to every role: asking is a message, not a signal.
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'next/navigation';
import { sessionOwnerAction } from '@/app/clusters/[cluster]/sessions/actions';
import type { SessionRow } from '@/lib/types/session';
import { AskOwnerForm } from './ask-owner-form';

export function SessionOwner({ session }: { session: SessionRow }) {
  const { cluster: clusterId } = useParams<{ cluster: string }>();
  const { pid, backendStart, team } = session;
  const owner = useQuery({
    queryKey: ['session-owner', clusterId, pid, backendStart],
    queryFn: async () => {
      const result = await sessionOwnerAction({ clusterId, pid, backendStart });
      if (!result.ok) throw new Error(result.message);
      return result.data;
    },
    enabled: team !== null && backendStart !== null,
    staleTime: 60_000,
    retry: false,
  });
  if (team === null || backendStart === null) return null;

  return (
    <section
      aria-label="Owner"
      data-testid="session-owner"
      className="mb-4 rounded border border-zinc-200 p-2 dark:border-zinc-800"
    >
      <p>
        <span className="text-zinc-600 dark:text-zinc-400">Team </span>
        <strong data-testid="session-owner-team">{team}</strong>
        {owner.data && (
          <span data-testid="session-owner-contact">
            <span className="text-zinc-600 dark:text-zinc-400"> · contact </span>
            {owner.data.contact}
          </span>
        )}
      </p>
      {owner.error && (
        <p role="alert" className="mt-1 text-red-700 dark:text-red-400">
          {owner.error.message}
        </p>
      )}
      {owner.data &&
        (owner.data.canAsk ? (
          <AskOwnerForm clusterId={clusterId} pid={pid} backendStart={backendStart} team={owner.data.team} />
        ) : (
          <p className="mt-1 text-zinc-600 dark:text-zinc-400" data-testid="ask-owner-unavailable">
            {owner.data.team} has no receiver in pgwarden, so it cannot be asked from here: reach it at{' '}
            {owner.data.contact}.
          </p>
        ))}
    </section>
  );
}
