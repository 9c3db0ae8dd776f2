// Extra origins allowed to call server actions (behind a proxy that rewrites Host), from pgwarden's config file. Read
// when the server starts: by next.config.js under `next start`, by the standalone server.js (scripts/standalone.ts).
import { readFileSync } from 'node:fs';

/** @returns {string[]} */
export function allowedOrigins(file = process.env.PGWARDEN_CONFIG) {
  if (!file) return [];
  try {
    const origins = JSON.parse(readFileSync(file, 'utf8')).allowedOrigins;
    return Array.isArray(origins) ? origins.filter((origin) => typeof origin === 'string') : [];
  } catch {
    // The app validates the config itself at start-up and names what is wrong.
    return [];
  }
}
