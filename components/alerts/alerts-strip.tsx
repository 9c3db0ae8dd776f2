'use client';

// On every cluster page: the cluster's open alerts, with the sessions involved and who acknowledged them.
import type { RoleName } from '@/lib/config/schema';
import { AlertLine } from './alert-line';
import { useAcknowledgeAlert, useClusterAlerts } from './use-cluster-alerts';

export function AlertsStrip({ clusterId, role }: { clusterId: string; role: RoleName }) {
  const { data } = useClusterAlerts(clusterId);
  const acknowledge = useAcknowledgeAlert(clusterId);
  const alerts = data?.alerts ?? [];
  // Without a state database there are no alerts to show; the pages say what they need themselves.
  if (alerts.length === 0) return null;
  const canAcknowledge = role === 'operator' || role === 'admin';
  return (
    <section
      aria-label={`Open alerts on ${clusterId}`}
      data-testid="alerts-strip"
      className="mx-4 mt-2 rounded border border-amber-300 bg-amber-50 px-3 py-1 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <h2 className="sr-only">Open alerts</h2>
      <ul>
        {alerts.map((alert) => (
          <AlertLine
            key={alert.id}
            alert={alert}
            canAcknowledge={canAcknowledge}
            acknowledging={acknowledge.isPending && acknowledge.variables === alert.id}
            onAcknowledge={() => acknowledge.mutate(alert.id)}
          />
        ))}
      </ul>
      {acknowledge.error && (
        <p role="status" className="py-1 text-red-700 dark:text-red-300">
          {acknowledge.error.message}
        </p>
      )}
    </section>
  );
}
