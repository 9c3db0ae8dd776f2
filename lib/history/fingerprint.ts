// Groups runs of the same statement: the server's query_id when it computes one, else a hash of the normalised text.
import { createHash } from 'node:crypto';
import { normalizeQuery } from './normalize-query';

export interface Fingerprint {
  fingerprint: string;
  /** The query with its constants replaced, shown for the group. */
  text: string | null;
}

export function fingerprintOf(queryId: string | null, query: string | null): Fingerprint {
  const text = query === null ? null : normalizeQuery(query);
  // query_id is null when compute_query_id is off, and 0 for statements it does not fingerprint.
  if (queryId && queryId !== '0') return { fingerprint: `q:${queryId}`, text };
  const hash = createHash('sha256')
    .update(text ?? '')
    .digest('hex')
    .slice(0, 20);
  return { fingerprint: `t:${hash}`, text };
}
