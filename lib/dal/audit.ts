// Reading the audit log, for viewers and up, limited to the clusters the caller holds a role on.
import 'server-only';
import type pg from 'pg';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { countAuditEntries, listAuditEntries, type AuditQuery } from '@/lib/audit/audit-query';
import { auditCsvHeader, auditCsvRow } from '@/lib/audit/csv';
import { roleFor, type Identity } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config/load';
import { describePgError } from '@/lib/pg/errors';
import { statePool } from '@/lib/state/state-db';
import {
  AUDIT_EXPORT_MAX_ROWS,
  auditFilterSchema,
  auditListInputSchema,
  type AuditFilter,
  type AuditPage,
} from '@/lib/types/audit';
import { failure, type Failure, type Result } from '@/lib/types/result';
import { auditScope } from './audit-scope';
import { guardStats, identifyAndParse } from './guard';
import { requireIdentity, type PageAccess } from './page-access';

const EXPORT_PAGE_SIZE = 2000;

interface Admitted<T> {
  ok: true;
  parsed: T;
  query: Omit<AuditQuery, 'before'>;
}

/** The same steps, order and failure shapes as checkAccess in ./guard, over a set of clusters instead of one. */
async function authorise<S extends z.ZodType<AuditFilter>>(
  schema: S,
  input: unknown,
): Promise<Admitted<z.infer<S>> | Failure> {
  const refuse = (refusal: Failure) => {
    guardStats.refused++;
    return refusal;
  };
  const known = await identifyAndParse(schema, input);
  if (!known.ok) return refuse(known.failure);
  const { identity, parsed } = known;
  const scope = auditScope(getConfig(), identity, parsed.cluster);
  if (!scope.ok) return refuse(scope);
  guardStats.admitted++;
  const { cluster: _cluster, ...filter } = parsed;
  // Refusals that named no configured cluster belong to none: admins see them when not filtering by cluster.
  const config = getConfig();
  const unscoped =
    parsed.cluster === undefined &&
    config.clusters.some((cluster) => roleFor(config, identity, cluster.id) === 'admin');
  return { ok: true, parsed, query: { ...filter, clusters: scope.data, unscoped } };
}

async function auditPool(): Promise<Result<pg.Pool>> {
  try {
    return { ok: true, data: await statePool() };
  } catch (error) {
    return failure('unavailable', `The audit log cannot be read: ${describePgError(error)}`);
  }
}

export async function listAudit(input: unknown): Promise<Result<AuditPage>> {
  const access = await authorise(auditListInputSchema, input);
  if (!access.ok) return access;
  const pool = await auditPool();
  if (!pool.ok) return pool;
  try {
    const { before, limit } = access.parsed;
    return { ok: true, data: await listAuditEntries(pool.data, { ...access.query, before }, limit) };
  } catch (error) {
    return failure('unavailable', `The audit log cannot be read: ${describePgError(error)}. Try again.`);
  }
}

export interface AuditExport {
  filename: string;
  /** Rows in the file, at most AUDIT_EXPORT_MAX_ROWS. */
  rows: number;
  /** More entries matched than the file holds; the oldest were left out. */
  truncated: boolean;
  body: ReadableStream<Uint8Array>;
}

/** The matching entries as CSV, newest first, read page by page so a large export never sits in memory. */
export async function exportAudit(input: unknown): Promise<Result<AuditExport>> {
  const access = await authorise(auditFilterSchema, input);
  if (!access.ok) return access;
  const pool = await auditPool();
  if (!pool.ok) return pool;
  let matched: number;
  try {
    matched = await countAuditEntries(pool.data, access.query, AUDIT_EXPORT_MAX_ROWS + 1);
  } catch (error) {
    return failure('unavailable', `The audit log cannot be read: ${describePgError(error)}. Try again.`);
  }
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let written = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader));
    },
    async pull(controller) {
      const page = await listAuditEntries(
        pool.data,
        { ...access.query, before: cursor },
        Math.min(EXPORT_PAGE_SIZE, AUDIT_EXPORT_MAX_ROWS - written),
      );
      if (page.entries.length > 0) controller.enqueue(encoder.encode(page.entries.map(auditCsvRow).join('')));
      written += page.entries.length;
      cursor = page.nextCursor ?? undefined;
      if (!cursor || written >= AUDIT_EXPORT_MAX_ROWS) controller.close();
    },
  });
  return {
    ok: true,
    data: {
      filename: `pgwarden-audit-${new Date().toISOString().slice(0, 10)}.csv`,
      rows: Math.min(matched, AUDIT_EXPORT_MAX_ROWS),
      truncated: matched > AUDIT_EXPORT_MAX_ROWS,
      body,
    },
  };
}

/**
 * For the audit page: signed in (else to sign-in and back to `returnTo`) and mapped to some cluster (else /denied).
 * The header shows the role on the filtered cluster, or on the first visible one.
 */
export async function requireAuditPage(returnTo: string, clusterId: string | undefined): Promise<PageAccess> {
  const identity: Identity = await requireIdentity(returnTo);
  const config = getConfig();
  const scope = auditScope(config, identity);
  if (!scope.ok) redirect('/denied');
  const clusters = config.clusters.filter((cluster) => scope.data.includes(cluster.id));
  const cluster = clusters.find((candidate) => candidate.id === clusterId) ?? clusters[0]!;
  return {
    identity,
    role: roleFor(config, identity, cluster.id) ?? 'viewer',
    cluster,
    clusters: clusters.map((candidate) => ({ id: candidate.id, name: candidate.name ?? candidate.id })),
  };
}
