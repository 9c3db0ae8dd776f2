// The one door to monitored clusters: authenticate, validate, authorise on an explicit role, then run.
import 'server-only';
import { z } from 'zod';
import { getConfig } from '@/lib/config/load';
import type { ClusterConfig, PgwardenConfig, RoleName } from '@/lib/config/schema';
import { roleAtLeast, roleFor, type Identity } from '@/lib/auth/roles';
import { failure, type Failure, type Result } from '@/lib/types/result';
import { currentIdentity, unauthenticatedMessage } from './caller';

export interface Caller {
  identity: Identity;
  role: RoleName;
  cluster: ClusterConfig;
  config: PgwardenConfig;
}

export { clusterIdSchema } from '@/lib/types/cluster-id';

/** Counts calls that passed the guard; tests read it to prove refused calls reached no database. */
export const guardStats = { admitted: 0, refused: 0 };

const LISTED_ISSUES = 5;

/** The first few problems, each naming its field; a request with thousands of bad values gets a short answer. */
function describeInput(error: z.ZodError): string {
  const listed = error.issues
    .slice(0, LISTED_ISSUES)
    .map((issue) => `${issue.path.join('.').slice(0, 60) || 'input'} ${issue.message.slice(0, 200)}`)
    .join('; ');
  const more = error.issues.length - LISTED_ISSUES;
  return more > 0 ? `${listed}; and ${more} more` : listed;
}

export interface Refusal {
  ok: false;
  failure: Failure;
  /** What was known when refusing, so a refused signal can still be audited. */
  identity: Identity | null;
  role: RoleName | null;
  cluster: ClusterConfig | null;
  input: unknown;
}

/** The first two steps of every action and route: who is calling, and is the input well-formed. */
export async function identifyAndParse<S extends z.ZodType>(
  schema: S,
  input: unknown,
  /** The caller, when already read for this request. */
  known?: Identity | null,
): Promise<
  { ok: true; identity: Identity; parsed: z.infer<S> } | { ok: false; failure: Failure; identity: Identity | null }
> {
  const identity = known === undefined ? await currentIdentity() : known;
  if (!identity) {
    return {
      ok: false,
      failure: failure('unauthenticated', await unauthenticatedMessage()),
      identity: null,
    };
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      failure: failure('invalid_input', `Invalid request: ${describeInput(parsed.error)}.`),
      identity,
    };
  }
  return { ok: true, identity, parsed: parsed.data };
}

/** Authenticates, validates and authorises; the steps every action shares. */
export async function checkAccess<S extends z.ZodType<{ clusterId: string }>>(
  needed: RoleName,
  schema: S,
  input: unknown,
  knownIdentity?: Identity | null,
): Promise<{ ok: true; parsed: z.infer<S>; caller: Caller } | Refusal> {
  let validInput: z.infer<S> | null = null;
  const refusal = (
    failure: Failure,
    identity: Identity | null,
    role: RoleName | null,
    cluster: ClusterConfig | null,
  ): Refusal => {
    guardStats.refused++;
    return { ok: false, failure, identity, role, cluster, input: validInput };
  };
  const known = await identifyAndParse(schema, input, knownIdentity);
  if (!known.ok) return refusal(known.failure, known.identity, null, null);
  const { identity, parsed } = known;
  validInput = parsed;
  const config = getConfig();
  const cluster = config.clusters.find((candidate) => candidate.id === parsed.clusterId);
  if (!cluster) {
    return refusal(
      failure('not_found', `There is no cluster "${parsed.clusterId}" in pgwarden's configuration.`),
      identity,
      null,
      null,
    );
  }
  const role = roleFor(config, identity, cluster.id);
  if (!roleAtLeast(role, needed)) {
    const message = role
      ? `Your role on ${cluster.id} is ${role}; this needs ${needed}. Ask an admin to change the role mapping.`
      : `${identity.email} has no role on ${cluster.id}. Ask an admin to add you to pgwarden's role mapping.`;
    return refusal(failure('forbidden', message), identity, role, cluster);
  }
  guardStats.admitted++;
  return { ok: true, parsed, caller: { identity, role, cluster, config } };
}

/**
 * Runs `run` only when the input parses and the caller holds at least `needed` on the input's cluster.
 * Every read or write of a monitored cluster goes through here or through checkAccess.
 */
export async function guarded<S extends z.ZodType<{ clusterId: string }>, T>(
  needed: RoleName,
  schema: S,
  input: unknown,
  run: (parsed: z.infer<S>, caller: Caller) => Promise<Result<T>>,
): Promise<Result<T>> {
  const access = await checkAccess(needed, schema, input);
  return access.ok ? run(access.parsed, access.caller) : access.failure;
}
