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
    name: 'one audit row per refused request; refusal rate limits',
    // A refused or invalid request is one row whatever its size: the target count and a sample instead of a row per
    // target. It may come before the caller, the cluster or the action is known, hence the dropped NOT NULLs.
    // refusal_limits is rate-limiter-flexible's RateLimiterPostgres table, shared by every instance.
    sql: `
      alter table audit_log
        add column target_count integer,
        add column target_sample jsonb,
        add column client_address text,
        alter column actor_email drop not null,
        alter column cluster_id drop not null,
        alter column action drop not null,
        alter column target_pid drop not null;
      create table refusal_limits (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      );
      `,
  },
  {
    version: 4,
    name: 'service tokens',
    // Only a sha256 of the secret is kept; a name is unique among tokens not revoked, so it can be reused later.
    sql: `
      create table service_tokens (
        id bigserial primary key,
        name text not null,
        role text not null check (role in ('viewer', 'operator', 'admin')),
        clusters text[] not null,
        note text,
        secret_hash text not null unique,
        created_by text not null,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        last_used_at timestamptz,
        revoked_at timestamptz,
        revoked_by text
      );
      create unique index service_tokens_active_name on service_tokens (name) where revoked_at is null;
    `,
  },
  {
    version: 5,
    name: 'audit actor token creator',
    // A call made with a service token is audited as token:<name>, with the person who created the token here.
    sql: `alter table audit_log add column actor_token_creator text;`,
  },
  {
    version: 6,
    name: 'api idempotency keys',
    // The first answer to a POST with an Idempotency-Key, replayed on a retry by the same caller.
    sql: `
      create table api_idempotency (
        principal text not null,
        key text not null,
        request_hash text not null,
        status integer,
        body jsonb,
        created_at timestamptz not null default now(),
        primary key (principal, key)
      );
      create index api_idempotency_created on api_idempotency (created_at);
      `,
  },
  {
    version: 7,
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
  {
    version: 8,
    name: 'audit events that are not signals',
    // Acknowledged alerts, "ask the owner" messages, token management and calls made with a token are audited too;
    // what they did goes in detail (the target columns stay for the session they concern, if any).
    sql: `
      alter table audit_log drop constraint audit_log_action_check;
      alter table audit_log add constraint audit_log_action_check check (action in ('cancel', 'terminate',
        'acknowledge_alert', 'ask_owner', 'token_create', 'token_revoke', 'api_call', 'dry_run'));
      alter table audit_log add column detail jsonb;
      create index audit_log_action_at on audit_log (action, at desc);
    `,
  },
];
