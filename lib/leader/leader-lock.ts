// The leader lock's keys and SQL, without a connection: shared by the election, its tests and the e2e tests that
// look up which instance leads.
/** The lock's first key (classid in pg_locks); the second is hashtext(cluster id). */
export const LEADER_LOCK_NAMESPACE = 7_301_734;

// Takes every lock this session does not hold yet; the leader never asks again (the lock would count up).
export const TRY_LOCKS_SQL = `
select id, pg_try_advisory_lock($1, hashtext(id)) as got from unnest($2::text[]) as wanted(id)`;

/** Which session of this database holds each cluster's lock (pg_locks lists every database's; objid is the oid form of hashtext). */
export const LEADER_HOLDERS_SQL = `
select c.id as cluster_id, a.pid, a.application_name
  from unnest($2::text[]) as c(id)
  join pg_locks l on l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objsubid = 2
                 and l.objid = hashtext(c.id)::oid
                 and l.database = (select oid from pg_database where datname = current_database())
  join pg_stat_activity a on a.pid = l.pid`;
