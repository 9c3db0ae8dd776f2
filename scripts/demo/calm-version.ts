// Which PostgreSQL the demo's calm cluster runs: another supported major than the incident cluster's 18, from the
// embedded aliases that `npm install` brings (test/postgres-binaries), newest first; 18 again on platforms without them.
import { embeddedPostgresMissing, type EmbeddedMajor } from '../embedded-postgres';

const CANDIDATES: EmbeddedMajor[] = [17, 16, 14];

export function calmClusterVersion(): { version: EmbeddedMajor; note: string | null } {
  for (const version of CANDIDATES) if (embeddedPostgresMissing(version) === null) return { version, note: null };
  return { version: 18, note: `no other PostgreSQL major is installed (${embeddedPostgresMissing(17)}): using 18` };
}
