// The outbox in the state database (migration 10). Claiming is one short statement: FOR UPDATE SKIP LOCKED picks
// rows no other instance is claiming, and moving next_attempt_at past the lease hides them until settled, so no
// connection is held while a receiver answers.
import 'server-only';
import type pg from 'pg';
import { runQuery } from '@/lib/pg/query';
import type {
  AttemptRecord,
  ClaimedDelivery,
  DeliveryState,
  DeliveryView,
  NewDelivery,
  OutboxStore,
} from './outbox-store';

const ADD_SQL = `
insert into notification_outbox (delivery_id, receiver_id, event_type, cluster_id, summary, body)
select d.delivery_id, d.receiver_id, d.event_type, d.cluster_id, d.summary, d.body
  from json_to_recordset($1::json) as d(delivery_id uuid, receiver_id text, event_type text, cluster_id text,
       summary text, body text)`;

const CLAIM_SQL = `
update notification_outbox o
   set next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
  from (select id from notification_outbox
         where state = 'queued' and next_attempt_at <= now()
         order by next_attempt_at
         limit $1
         for update skip locked) due
 where o.id = due.id
returning o.id::text, o.delivery_id::text, o.receiver_id, o.event_type, o.body, o.attempts,
          extract(epoch from now() - o.created_at)::float8 * 1000 as age_ms`;

// started_at by the database clock: the attempt ended just now and took duration_ms.
const SETTLE_SQL = `
with attempt as (
  insert into notification_attempts (outbox_id, attempt, started_at, duration_ms, http_status, error)
  values ($1, $2, clock_timestamp() - make_interval(secs => $3::float8 / 1000), $3, $4, $5)
)
update notification_outbox
   set attempts = $2, state = $6,
       next_attempt_at = case when $6 = 'queued' then now() + make_interval(secs => $7::float8 / 1000)
                              else next_attempt_at end,
       finished_at = case when $6 = 'queued' then null else now() end
 where id = $1`;

const RECENT_SQL = `
select o.delivery_id::text, o.receiver_id, o.event_type, o.cluster_id, o.summary, o.created_at::text, o.state,
       case when o.state = 'queued' then o.next_attempt_at::text end as next_attempt_at,
       coalesce((select json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at::text,
                   'durationMs', a.duration_ms, 'httpStatus', a.http_status, 'error', a.error) order by a.attempt)
                   from notification_attempts a where a.outbox_id = o.id), '[]'::json) as attempts
  from notification_outbox o
 where $1::text[] is null or o.cluster_id = any($1)
 order by o.created_at desc, o.id desc
 limit $2`;

const PRUNE_SQL = `
delete from notification_outbox
 where state <> 'queued' and finished_at < now() - make_interval(days => $1)`;

interface ClaimRow {
  id: string;
  delivery_id: string;
  receiver_id: string;
  event_type: string;
  body: string;
  attempts: number;
  age_ms: number;
}

interface RecentRow {
  delivery_id: string;
  receiver_id: string;
  event_type: string;
  cluster_id: string | null;
  summary: string;
  created_at: string;
  state: DeliveryState;
  next_attempt_at: string | null;
  attempts: DeliveryView['attempts'];
}

export function pgOutboxStore(pool: () => Promise<pg.Pool>): OutboxStore {
  return {
    async add(deliveries: NewDelivery[]) {
      if (deliveries.length === 0) return;
      const records = deliveries.map((delivery) => ({
        delivery_id: delivery.deliveryId,
        receiver_id: delivery.receiverId,
        event_type: delivery.eventType,
        cluster_id: delivery.clusterId,
        summary: delivery.summary,
        body: delivery.body,
      }));
      await runQuery(await pool(), ADD_SQL, [JSON.stringify(records)]);
    },
    async claimDue(limit, leaseMs) {
      const { rows } = await runQuery<ClaimRow>(await pool(), CLAIM_SQL, [limit, leaseMs]);
      return rows.map((row): ClaimedDelivery => ({
        id: row.id,
        deliveryId: row.delivery_id,
        receiverId: row.receiver_id,
        eventType: row.event_type,
        body: row.body,
        attempts: row.attempts,
        ageMs: row.age_ms,
      }));
    },
    async settle(claimed, attempt: AttemptRecord, next) {
      await runQuery(await pool(), SETTLE_SQL, [
        claimed.id,
        claimed.attempts + 1,
        attempt.durationMs,
        attempt.httpStatus,
        attempt.error,
        next.state,
        next.retryInMs,
      ]);
    },
    async recent({ clusters, limit }) {
      const { rows } = await runQuery<RecentRow>(await pool(), RECENT_SQL, [clusters, limit]);
      return rows.map((row) => ({
        deliveryId: row.delivery_id,
        receiverId: row.receiver_id,
        eventType: row.event_type,
        clusterId: row.cluster_id,
        summary: row.summary,
        createdAt: row.created_at,
        state: row.state,
        nextAttemptAt: row.next_attempt_at,
        attempts: row.attempts,
      }));
    },
    async prune(retentionDays) {
      await runQuery(await pool(), PRUNE_SQL, [retentionDays]);
    },
  };
}
