// pgwarden's own schema, as numbered migrations; a migration is never edited once released, only added.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'audit log',
    sql: `
      create table audit_log (
        id bigserial primary key,
        at timestamptz not null default now(),
        batch_id uuid not null,
        actor_email text not null,
        actor_name text,
        actor_role text,
        actor_provider text,
        cluster_id text not null,
        action text not null check (action in ('cancel', 'terminate')),
        timeout_ms integer,
        target_pid integer not null,
        target_backend_start timestamptz,
        target_user text,
        target_database text,
        target_application text,
        target_client text,
        target_state text,
        target_backend_type text,
        target_query text,
        query_age_ms double precision,
        xact_age_ms double precision,
        backend_age_ms double precision,
        state_age_ms double precision,
        outcome text not null default 'pending',
        outcome_detail text,
        finished_at timestamptz
      );
      create index audit_log_at on audit_log (at desc);
      create index audit_log_cluster_at on audit_log (cluster_id, at desc);
      create index audit_log_target on audit_log (cluster_id, target_pid, target_backend_start);
    `,
  },
  {
    version: 2,
    name: 'long-query history',
    // One row per run of a query (however many samples saw it); times are the monitored cluster's clock.
    sql: `
      create table long_queries (
        id bigserial primary key,
        cluster_id text not null,
        pid integer not null,
        backend_start timestamptz not null,
        query_start timestamptz not null,
        first_seen timestamptz not null,
        last_seen timestamptz not null,
        ended_at timestamptz,
        longest_ms double precision not null,
        user_name text,
        database text,
        application text,
        client text,
        query text,
        query_id text,
        fingerprint text not null,
        fingerprint_text text,
        unique (cluster_id, pid, backend_start, query_start)
      );
      create index long_queries_cluster_seen on long_queries (cluster_id, last_seen desc);
      create index long_queries_running on long_queries (cluster_id, last_seen) where ended_at is null;
      create index long_queries_last_seen on long_queries (last_seen);
    `,
  },
  {
    version: 3,
    name: 'sign-in throttle',
    // rate-limiter-flexible's RateLimiterPostgres layout (key, points, expire in epoch ms), with a text key.
    sql: `
      create table sign_in_throttle (
        key text primary key,
        points integer not null default 0,
        expire bigint
      );
      create index sign_in_throttle_expire on sign_in_throttle (expire);
    `,
  },
];
