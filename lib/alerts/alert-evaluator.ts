// Turns a cluster's snapshots into alerts: opens one when a condition holds, keeps it fresh while it holds, resolves
// it when it ends. Never holds up or stops sampling, whatever the state database does.
import 'server-only';
import type pg from 'pg';
import type { AlertRulesConfig, ClusterConfig } from '@/lib/config/schema';
import { log } from '@/lib/log/logger';
import { forgetOpenAlerts, recordOpenAlerts } from '@/lib/metrics/alert-gauge';
import type { AlertRecord } from '@/lib/model/alert';
import { publishNotification } from '@/lib/notify/publish';
import { NewestSampleQueue } from '@/lib/sessions/newest-sample-queue';
import type { SampleListener } from '@/lib/sessions/sampler';
import { stateWorkFailure } from '@/lib/state/state-db';
import type { SessionsSnapshot } from '@/lib/types/session';
import { alertConditions, type AlertCondition } from './alert-conditions';
import { alertEvent } from './alert-notice';
import { deleteExpiredAlerts, openAlert, openAlertsOf, refreshAlert, resolveAlert } from './alert-store';

export const RETRY_AFTER_MS = 30_000;
export const RETENTION_EVERY_MS = 60 * 60 * 1000;
/** An open alert whose sessions did not change is written again (last_seen, detail) at most this often. */
export const REFRESH_EVERY_MS = 30_000;
/** New alerts of one rule on one cluster, while this many are open, wait for one to resolve (a flood pages once). */
export const MAX_OPEN_PER_RULE = 20;

interface KnownAlert {
  id: string;
  sessionsKey: string;
  writtenAt: number;
}

export interface AlertEvaluatorOptions {
  cluster: ClusterConfig;
  /** Read at each snapshot: an edited config file applies without a restart. */
  rules: () => AlertRulesConfig;
  retentionDays: () => number;
  statePool: () => Promise<pg.Pool>;
  publish?: typeof publishNotification;
}

const conditionId = (condition: { rule: string; key: string }) => `${condition.rule}\n${condition.key}`;
const sessionsKeyOf = (condition: AlertCondition) =>
  condition.sessions.map((session) => `${session.pid}|${session.backendStart ?? ''}`).join(',');

export class AlertEvaluator {
  private failing = false;
  private retryAt = 0;
  private lastRetention = 0;
  private readonly queue = new NewestSampleQueue((snapshot) => this.evaluate(snapshot));
  /** Open alerts of this cluster by condition; null until read from the store (start, failure, lost leadership). */
  private known: Map<string, KnownAlert> | null = null;

  constructor(private readonly options: AlertEvaluatorOptions) {}

  /** For ClusterSampler.onSample: returns at once; while an evaluation is in flight only the newest snapshot waits. */
  readonly listener: SampleListener = this.queue.listener;

  /** Another instance leads: what this one knew may go stale, so it reads the store again when it leads again. */
  follow(): void {
    if (this.known) forgetOpenAlerts(this.options.cluster.id);
    this.known = null;
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Evaluates one snapshot; never throws. */
  async evaluate(snapshot: SessionsSnapshot): Promise<void> {
    if (Date.now() < this.retryAt) return;
    const { cluster } = this.options;
    try {
      const pool = await this.options.statePool();
      const conditions = alertConditions(snapshot, this.options.rules(), { nowMs: Date.now() });
      await this.apply(pool, snapshot, conditions);
      const rules = [...(this.known ?? new Map<string, KnownAlert>()).keys()].map((id) =>
        id.slice(0, id.indexOf('\n')),
      );
      recordOpenAlerts(cluster.id, rules);
      if (Date.now() - this.lastRetention >= RETENTION_EVERY_MS) {
        this.lastRetention = Date.now();
        await deleteExpiredAlerts(pool, this.options.retentionDays());
      }
      if (this.failing)
        log.info({ event: 'alerts_evaluated_again', cluster: cluster.id }, 'alerts are evaluated again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        const reason = stateWorkFailure(error);
        log.warn(
          { event: 'alerts_not_evaluated', cluster: cluster.id, reason },
          `alerts for cluster ${cluster.id} are not evaluated: ${reason}. Sampling goes on; retrying every ${RETRY_AFTER_MS / 1000}s.`,
        );
      }
      this.failing = true;
      this.known = null;
      this.retryAt = Date.now() + RETRY_AFTER_MS;
    }
  }

  private async apply(pool: pg.Pool, snapshot: SessionsSnapshot, conditions: AlertCondition[]): Promise<void> {
    const clusterId = this.options.cluster.id;
    const known = this.known ?? (await this.readKnown(pool));
    this.known = known;
    const now = Date.now();
    const holding = new Map(conditions.map((condition) => [conditionId(condition), condition]));

    // While the cluster cannot be reached nothing is known about its sessions: only `unreachable` may end.
    for (const [id, alert] of [...known]) {
      if (holding.has(id) || (snapshot.error && !id.startsWith('unreachable\n'))) continue;
      known.delete(id);
      const resolved = await resolveAlert(pool, alert.id);
      if (resolved) await this.announce('alert_resolved', resolved);
    }

    const openPerRule = new Map<string, number>();
    for (const id of known.keys()) {
      const rule = id.slice(0, id.indexOf('\n'));
      openPerRule.set(rule, (openPerRule.get(rule) ?? 0) + 1);
    }
    const worstFirst = [...holding].sort(([, a], [, b]) => b.severity - a.severity);
    for (const [id, condition] of worstFirst) {
      const sessionsKey = sessionsKeyOf(condition);
      const alert = known.get(id);
      if (alert) {
        if (alert.sessionsKey !== sessionsKey || now - alert.writtenAt >= REFRESH_EVERY_MS) {
          await refreshAlert(pool, alert.id, condition);
          alert.sessionsKey = sessionsKey;
          alert.writtenAt = now;
        }
        continue;
      }
      const open = openPerRule.get(condition.rule) ?? 0;
      if (open >= MAX_OPEN_PER_RULE) continue;
      const opened = await openAlert(pool, clusterId, condition);
      if (opened) {
        await this.announce('alert_opened', opened);
        known.set(id, { id: opened.id, sessionsKey, writtenAt: now });
        openPerRule.set(condition.rule, open + 1);
      } else {
        // Another evaluator opened it a moment ago (a leader handover): take it over without announcing it again.
        this.known = null;
        return;
      }
    }
  }

  private async readKnown(pool: pg.Pool): Promise<Map<string, KnownAlert>> {
    const open = await openAlertsOf(pool, this.options.cluster.id);
    return new Map(
      open.map((alert) => [
        conditionId(alert),
        {
          id: alert.id,
          sessionsKey: alert.sessions.map((session) => `${session.pid}|${session.backendStart ?? ''}`).join(','),
          writtenAt: Date.parse(alert.lastSeen),
        },
      ]),
    );
  }

  private async announce(type: 'alert_opened' | 'alert_resolved', alert: AlertRecord): Promise<void> {
    log.info(
      { event: type, cluster: alert.clusterId, rule: alert.rule, alertId: alert.id },
      `${type === 'alert_opened' ? 'alert opened' : 'alert resolved'}: ${alert.detail}`,
    );
    await (this.options.publish ?? publishNotification)(alertEvent(type, alert));
  }
}
