// How pgwarden's server runs Node: the Dockerfile's ENV says the same (scripts/server-node-options.test.ts checks it).

/**
 * V8's old generation capped at 1.5 GiB. That is far above what pgwarden holds (its live heap is about 100 MiB with
 * 5,000 sessions and 50 viewers), and V8 lets a heap whose cap is under 2 GiB grow by a smaller factor after each full
 * collection: the process stays near its live size instead of reaching up to four times it between collections
 * (`npm run bench -- live` measures the RSS).
 */
export const SERVER_NODE_OPTIONS = '--max-old-space-size=1536';

/** `env` with SERVER_NODE_OPTIONS first in NODE_OPTIONS, so that the caller's own NODE_OPTIONS, coming later, win. */
export function withServerNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: [SERVER_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' ') };
}
