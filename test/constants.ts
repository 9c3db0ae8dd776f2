// Names shared by the test global setup (which cleans up) and the test helpers (which create).
/** createRole() in test/servers.ts names throw-away roles with this prefix; the global setup drops stale ones. */
export const THROWAWAY_ROLE_PREFIX = 'pgwarden_t_';
