'use client';

import { useState } from 'react';
import { mainContentProps } from '@/components/layout/console-nav';
import { LiveStatus } from '@/components/layout/live-status';
import { useSignInWhenExpired } from '@/components/query/use-sign-in-when-expired';
import { SignalDialog, type SignalRequest } from '@/components/signals/signal-dialog';
import type { RoleName } from '@/lib/config/schema';
import { RootBlocker } from './root-blocker';
import { useBlocking } from './use-blocking';

interface Props {
  clusterId: string;
  role: RoleName;
  initialError: string | null;
}

export function BlockingView({ clusterId, role, initialError }: Props) {
  const query = useBlocking(clusterId);
  useSignInWhenExpired(query.error);
  const [request, setRequest] = useState<SignalRequest | null>(null);
  const canSignal = role === 'operator' || role === 'admin';
  const tree = query.data?.tree;
  const requestError = query.error ? query.error.message : query.data ? null : initialError;

  return (
    <main {...mainContentProps} className="outline-none min-h-0 flex-1 space-y-3 overflow-auto px-4 py-3">
      <LiveStatus snapshot={query.data?.snapshot} requestError={requestError} />
      {tree && (
        <p className="text-sm" data-testid="blocking-summary">
          {tree.roots.length === 0
            ? 'No session is waiting on a lock held by another session.'
            : `${tree.waiting} ${tree.waiting === 1 ? 'session waits' : 'sessions wait'} on locks; ${tree.roots.length} ${tree.roots.length === 1 ? 'chain starts' : 'chains start'} at the sessions below. Biggest pile-up first.`}
        </p>
      )}
      {tree?.roots.map((root) => (
        <RootBlocker
          key={root.node.pid}
          root={root}
          onTerminate={canSignal ? (session) => setRequest({ action: 'terminate', targets: [session] }) : undefined}
        />
      ))}
      <SignalDialog clusterId={clusterId} role={role} request={request} onClose={() => setRequest(null)} />
    </main>
  );
}
