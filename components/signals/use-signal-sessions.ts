'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { signalSessionsAction } from '@/app/clusters/[cluster]/sessions/actions';
import type { SessionRow } from '@/lib/types/session';
import type { SignalAction } from '@/lib/types/signal';

export interface SignalVariables {
  action: SignalAction;
  targets: SessionRow[];
  timeoutMs: number;
  confirmation?: string;
  acknowledgeSpecial: boolean;
}

export function useSignalSessions(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: SignalVariables) => {
      const result = await signalSessionsAction({
        clusterId,
        action: variables.action,
        targets: variables.targets.flatMap((row) =>
          row.backendStart
            ? [
                {
                  pid: row.pid,
                  backendStart: row.backendStart,
                  queryStart: variables.action === 'cancel' ? row.queryStart : undefined,
                },
              ]
            : [],
        ),
        timeoutMs: variables.timeoutMs,
        confirmation: variables.confirmation,
        acknowledgeSpecial: variables.acknowledgeSpecial,
      });
      if (!result.ok) throw new Error(result.message);
      return result.data.results;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sessions', clusterId] }),
  });
}
