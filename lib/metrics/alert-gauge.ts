// The open-alerts gauge: set by the cluster's leader after each evaluation, removed when it stops leading.
import 'server-only';
import { alertRules } from '@/lib/model/alert';
import { metrics } from './registry';

export function recordOpenAlerts(cluster: string, openRules: Iterable<string>): void {
  const counts = new Map<string, number>();
  for (const rule of openRules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  for (const rule of alertRules) metrics().openAlerts.set({ cluster, rule }, counts.get(rule) ?? 0);
}

export function forgetOpenAlerts(cluster: string): void {
  for (const rule of alertRules) metrics().openAlerts.remove({ cluster, rule });
}
