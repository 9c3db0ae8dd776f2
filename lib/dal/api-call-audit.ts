// The audit row of an /api/v1 call made with a service token: one row per call (method, route, status, cluster),
// unless the call wrote its own (signals, token create/revoke). Refused calls count towards the caller's refusal
// limit (./refusal-limit.ts); past it the call is answered "rate_limited" and writes nothing, so a flood of bad
// calls cannot flood the audit log.
import 'server-only';
import { headers } from 'next/headers';
import { recordAuditEvent, type AuditEvent } from '@/lib/audit/audit-log';
import { roleFor, type Identity } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import type { RoleName } from '@/lib/config/schema';
import { clientAddress } from '@/lib/http/client-address';
import { log } from '@/lib/log/logger';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';
import type { AuditEventOutcome } from '@/lib/types/audit';
import type { Failure } from '@/lib/types/result';
import type { ApiCallScope } from './api-call-scope';
import { bearerCaller } from './caller';
import { countRefusal, rateLimited, refusalKey } from './refusal-limit';

export interface ApiCall {
  method: string;
  /** The route's template, as the OpenAPI document names it: /api/v1/clusters/{clusterId}/sessions. */
  route: string;
  status: number;
  /** The error of a failed call, as answered. */
  error: { code: string; message: string } | null;
  /** The cluster the call named (route or query); kept only when it is a configured one. */
  cluster: string | null;
  /** An Idempotency-Key retry answered with the first answer. */
  replayed: boolean;
}

/** Statuses that mean the caller was refused (not signed in, not allowed, bad input): these count against them. */
const REFUSED = new Set([400, 401, 403]);

/** 4xx: refused (the code says why, not found included); 5xx: pgwarden could not do its part. */
function outcomeOf(status: number): AuditEventOutcome {
  if (status < 400) return 'done';
  return status < 500 ? 'refused' : 'failed';
}

/** The token's role on the call's cluster; its role as such for a call that named none. */
function roleOf(identity: Identity, clusterId: string | null): RoleName | null {
  if (!clusterId) return identity.token?.role ?? null;
  return roleFor(getConfig(), identity, clusterId);
}

export type ApiCallAudit = { limited: Failure } | { write: () => Promise<void> };

/** Once a token call is answered: replace the answer by a rate-limit refusal, or write the row (after the answer). */
export async function auditApiCall(scope: ApiCallScope, call: ApiCall): Promise<ApiCallAudit> {
  const caller = await bearerCaller();
  const config = getConfig();
  const address = clientAddress(await headers(), config);
  if (REFUSED.has(call.status)) {
    try {
      const wait = await countRefusal(refusalKey(caller?.identity ?? null, address));
      if (wait !== null) return { limited: rateLimited(wait) };
    } catch (error) {
      log.warn({ event: 'refusal_not_counted', reason: describePgError(error) }, 'refused API call not counted');
    }
  }
  const clusterId = config.clusters.some((cluster) => cluster.id === call.cluster) ? call.cluster : null;
  const event: AuditEvent = {
    actor: caller
      ? { identity: caller.identity, role: caller.accepted ? roleOf(caller.identity, clusterId) : null }
      : null,
    tokenCreator: caller?.creator ?? null,
    clientAddress: address,
    clusterId,
    action: scope.dryRun ? 'dry_run' : 'api_call',
    outcome: outcomeOf(call.status),
    message: call.error?.message ?? null,
    detail: {
      method: call.method,
      route: call.route,
      status: call.status,
      ...(call.error ? { code: call.error.code } : {}),
      ...(call.replayed ? { replayed: true } : {}),
      ...scope.dryRun?.detail,
    },
    targets: scope.dryRun?.targets,
  };
  return {
    write: async () => {
      try {
        await recordAuditEvent(await statePool(), event);
      } catch (error) {
        // A read or a dry run changed nothing: it is answered, and the missing row is logged (signals are never
        // sent without their row, see ./signals.ts).
        log.warn(
          {
            event: 'audit_event_not_written',
            actor: event.actor?.identity.email ?? null,
            cluster: clusterId,
            route: call.route,
            reason: describePgError(error),
          },
          'API call not audited',
        );
      }
    },
  };
}
