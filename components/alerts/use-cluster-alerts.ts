'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { acknowledgeAlertAction } from '@/app/clusters/[cluster]/alert-actions';
import { fetchResult } from '@/components/query/fetch-result';
import type { AlertRecord } from '@/lib/model/alert';

export const ALERTS_REFRESH_MS = 5000;

export function clusterAlertsQueryKey(clusterId: string) {
  return ['alerts', clusterId] as const;
}

/** The cluster's open alerts, polled through a GET (a slow server action never holds it up). */
export function useClusterAlerts(clusterId: string) {
  return useQuery({
    queryKey: clusterAlertsQueryKey(clusterId),
    queryFn: () =>
      fetchResult<{ alerts: AlertRecord[] }>(`/api/clusters/${encodeURIComponent(clusterId)}/alerts?state=open`),
    refetchInterval: ALERTS_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
  });
}

export function useAcknowledgeAlert(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (alertId: string) => {
      const result = await acknowledgeAlertAction({ clusterId, alertId });
      if (!result.ok) throw new Error(result.message);
      return result.data.alert;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: clusterAlertsQueryKey(clusterId) }),
  });
}
