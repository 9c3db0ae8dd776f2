// What one /api/v1 call has learnt so far, shared by the route wrapper (lib/api/audited-route.ts) and the layers it
// calls: the caller, read once per call, and whether the call already wrote its own audit row.
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEvent } from '@/lib/audit/audit-log';
import type { Identity } from '@/lib/auth/roles';
import type { RefusedToken } from '@/lib/tokens/token-store';

export interface ApiCallScope {
  /** The caller, looked up once: the route's steps and the audit row all see the same answer. */
  identity?: Promise<Identity | null>;
  /** Why the bearer token was not accepted, once asked (for the message and the audit row). */
  refusedToken?: Promise<RefusedToken>;
  /** Set when the call wrote its own audit rows (a signal, a refused signal, a token created or revoked). */
  audited: boolean;
  /** Set by a dry run: the audit row is a "dry_run" with what would have been signalled. */
  dryRun?: Pick<AuditEvent, 'detail' | 'targets'>;
}

const storage = new AsyncLocalStorage<ApiCallScope>();

export function runInApiCall<T>(work: (scope: ApiCallScope) => Promise<T>): Promise<T> {
  const scope: ApiCallScope = { audited: false };
  return storage.run(scope, () => work(scope));
}

/** The scope of the /api/v1 call being answered; undefined for pages, server actions and tests. */
export function apiCallScope(): ApiCallScope | undefined {
  return storage.getStore();
}

/** The rows this call needed are written: the route wrapper adds none. */
export function markAudited(): void {
  const scope = storage.getStore();
  if (scope) scope.audited = true;
}

export function noteDryRun(dryRun: Pick<AuditEvent, 'detail' | 'targets'>): void {
  const scope = storage.getStore();
  if (scope) scope.dryRun = dryRun;
}
