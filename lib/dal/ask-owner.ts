// "Ask the owner": any signed-in viewer (or higher) of a cluster sends the team owning a session a message through
// its notifications receiver. A message, not a signal: it stops nothing, so it needs no more than seeing the session.
// Audited (action ask_owner) whatever happens, limited to one per session per sender per minute.
import 'server-only';
import { headers } from 'next/headers';
import type pg from 'pg';
import { z } from 'zod';
import { recordAuditEvent, type AuditActor } from '@/lib/audit/audit-log';
import { getConfig } from '@/lib/config/load';
import { clientAddress } from '@/lib/http/client-address';
import { log } from '@/lib/log/logger';
import { parseDbTimestamp } from '@/lib/model/db-time';
import { requestLog } from '@/lib/log/request-log';
import type { NotificationEvent, NotifiedSession } from '@/lib/notify/notification-event';
import { publishNotification } from '@/lib/notify/publish';
import { sessionsPath } from '@/lib/notify/session-path';
import { ownerDirectory, type TeamInfo } from '@/lib/owners/owner-directory';
import { describePgError } from '@/lib/pg/errors';
import { StateDatabaseMissing, statePool } from '@/lib/state/state-db';
import { askOwnerInputSchema, type AskOwnerReceipt, type SessionOwner } from '@/lib/types/ask-owner';
import { clusterIdSchema } from '@/lib/types/cluster-id';
import { failure, type Failure, type Result } from '@/lib/types/result';
import type { SessionRow } from '@/lib/types/session';
import { formatDuration } from '@/lib/types/session-view';
import { askOwnerKey, ASK_OWNER_WINDOW_SECONDS, releaseAskOwnerSlot, takeAskOwnerSlot } from './ask-owner-limit';
import { currentIdentity } from './caller';
import { checkAccess, guarded, type Caller } from './guard';
import { countRefusal, refusalKey, refusalWait } from './refusal-limit';
import { originProblem } from './signal-origin';
import { readSnapshot } from './snapshot';

const sessionRefSchema = z.object({
  clusterId: clusterIdSchema,
  pid: askOwnerInputSchema.shape.pid,
  backendStart: askOwnerInputSchema.shape.backendStart,
});

/** backend_start as the caller wrote it (listed text, or ISO 8601 with T and Z) and as listed name one instant. */
function sameInstant(listed: string | null, given: string): boolean {
  if (listed === null) return false;
  if (listed === given) return true;
  const a = parseDbTimestamp(listed);
  const b = parseDbTimestamp(given.replace('T', ' ').replace(/Z$/, '+00'));
  // Within half a microsecond: the readings keep microseconds as a fraction of a millisecond.
  return a !== null && b !== null && Math.abs(a - b) < 0.0005;
}

async function findSession(caller: Caller, pid: number, backendStart: string): Promise<SessionRow | null> {
  const { sessions } = await readSnapshot(caller);
  return sessions.find((row) => row.pid === pid && sameInstant(row.backendStart, backendStart)) ?? null;
}

function goneMessage(pid: number): string {
  return `Session ${pid} has ended (or its pid now belongs to a new backend) since you opened it, so there is nothing to ask about; nothing was sent.`;
}

function noTeamMessage(session: SessionRow): string {
  return `No team in the owners directory owns user ${session.user ?? '(none)'} or application ${session.applicationName || '(none)'}; an admin can add one under "owners" in the config. Nothing was sent.`;
}

function noReceiverMessage(team: TeamInfo): string {
  return `Team ${team.team} has no receiver configured, so pgwarden cannot send it a message: reach it at ${team.contact}. Nothing was sent.`;
}

/** Who owns a session of the latest sample, for the detail panel; null when no team does. */
export function sessionOwner(input: unknown): Promise<Result<SessionOwner | null>> {
  return guarded('viewer', sessionRefSchema, input, async ({ pid, backendStart }, caller) => {
    const session = await findSession(caller, pid, backendStart);
    if (!session) return failure('not_found', goneMessage(pid));
    const team = ownerDirectory(caller.config.owners).teamOf(session.user, session.applicationName);
    return { ok: true, data: team && { team: team.team, contact: team.contact, canAsk: team.receiver !== null } };
  });
}

function notifiedSession(row: SessionRow): NotifiedSession {
  return {
    pid: row.pid,
    backendStart: row.backendStart,
    user: row.user,
    database: row.database,
    applicationName: row.applicationName,
    state: row.state,
    query: row.query,
    queryAgeMs: row.queryAgeMs,
    xactAgeMs: row.xactAgeMs,
    stateAgeMs: row.stateAgeMs,
  };
}

function summaryOf(sender: string, team: string, clusterId: string, row: SessionRow): string {
  const running = row.queryAgeMs !== null ? `, query running ${formatDuration(row.queryAgeMs)}` : '';
  const state = row.state ? `, ${row.state}` : '';
  return `${sender} asks ${team} about session ${row.pid} (${row.user ?? 'no user'}, ${row.applicationName || 'no application'}) on ${clusterId}${state}${running}`;
}

interface Audit {
  pool: pg.Pool | null;
  actor: AuditActor | null;
  clusterId: string | null;
  clientAddress: string | null;
  limitKey: string;
}

/** Writes the ask_owner row; a row that cannot be written is logged (the answer still reaches the caller). */
async function audit(
  context: Audit,
  outcome: 'done' | 'refused' | 'failed',
  message: string | null,
  detail: Record<string, string | number | null>,
  session?: SessionRow | { pid: number; backendStart: string },
): Promise<string | null> {
  if (!context.pool) return null;
  try {
    return await recordAuditEvent(context.pool, {
      actor: context.actor,
      clusterId: context.clusterId,
      action: 'ask_owner',
      outcome,
      message,
      detail,
      clientAddress: context.clientAddress,
      target: session,
    });
  } catch (error) {
    log.warn({ event: 'audit_event_not_written', action: 'ask_owner', reason: describePgError(error) }, 'not audited');
    return null;
  }
}

/** A refusal counts towards the caller's refusal limit (lib/dal/refusal-limit.ts) and is audited once. */
async function refuse(
  context: Audit,
  refusal: Failure,
  detail: Record<string, string | number | null> = {},
  session?: SessionRow | { pid: number; backendStart: string },
): Promise<Failure> {
  const wait = await countRefusal(context.limitKey);
  if (wait !== null) return tooManyRefusals(wait);
  (await requestLog({ actor: context.actor?.identity.email ?? null, cluster: context.clusterId })).warn(
    { event: 'ask_owner_refused', code: refusal.code },
    refusal.message,
  );
  await audit(context, 'refused', refusal.message, detail, session);
  return refusal;
}

function tooManyRefusals(wait: number): Failure {
  return {
    ...failure(
      'rate_limited',
      `Too many refused requests in the last minute; nothing was sent. Try again in ${wait} s.`,
    ),
    retryAfterSeconds: wait,
  };
}

/** Sends the team owning the session the caller's note, with the session and a link to it. */
export async function askOwner(rawInput: unknown): Promise<Result<AskOwnerReceipt>> {
  const request = await headers();
  const config = getConfig();
  // As for signals: only a call relying on the cookie can be forged from another site; a token is judged alone.
  const badOrigin = request.has('authorization') ? null : originProblem(request, config);
  const identity = await currentIdentity();
  const address = clientAddress(request, config);
  const parsedCluster = clusterIdSchema.safeParse((rawInput as { clusterId?: unknown } | null)?.clusterId);
  const context: Audit = {
    pool: null,
    actor: identity ? { identity, role: null } : null,
    clusterId:
      parsedCluster.success && config.clusters.some((c) => c.id === parsedCluster.data) ? parsedCluster.data : null,
    clientAddress: address,
    limitKey: refusalKey(identity, address),
  };
  const wait = await refusalWait(context.limitKey);
  if (wait !== null) return tooManyRefusals(wait);
  try {
    context.pool = await statePool();
  } catch (error) {
    const why =
      error instanceof StateDatabaseMissing
        ? 'set stateDatabaseUrl in the config (or PGWARDEN_STATE_DATABASE_URL)'
        : `it cannot be reached (${describePgError(error)}); try again in a moment`;
    return failure(
      'unavailable',
      `Asking an owner is audited, so it needs pgwarden’s state database: ${why}. Nothing was sent.`,
    );
  }
  if (badOrigin)
    return refuse(context, failure('forbidden', badOrigin.replace(/(n|N)othing was signalled/, '$1othing was sent')));

  const access = await checkAccess('viewer', askOwnerInputSchema, rawInput, identity);
  if (!access.ok) {
    // The audit row names the session when the request did, even if the rest of it was refused.
    const named = sessionRefSchema.safeParse(rawInput);
    const target = named.success ? { pid: named.data.pid, backendStart: named.data.backendStart } : undefined;
    const actor = identity ? { identity, role: access.role } : null;
    return refuse({ ...context, actor }, access.failure, {}, target);
  }
  const { pid, backendStart, note } = access.parsed;
  const { caller } = access;
  const sender = caller.identity;
  const known: Audit = { ...context, actor: { identity: sender, role: caller.role }, clusterId: caller.cluster.id };

  const session = await findSession(caller, pid, backendStart);
  if (!session) {
    const gone = failure('not_found', goneMessage(pid));
    await audit(known, 'failed', gone.message, { note }, { pid, backendStart });
    return gone;
  }
  const team = ownerDirectory(caller.config.owners).teamOf(session.user, session.applicationName);
  if (!team) return refuse(known, failure('conflict', noTeamMessage(session)), { note }, session);
  if (!team.receiver) {
    return refuse(known, failure('conflict', noReceiverMessage(team)), { team: team.team, note }, session);
  }
  // The session's own text from here on: the caller may have written the same instant another way.
  const listed = { pid, backendStart: session.backendStart ?? backendStart };
  const slot = askOwnerKey(sender.email, caller.cluster.id, listed);
  const again = await takeAskOwnerSlot(slot);
  if (again !== null) {
    const message = `You asked ${team.team} about session ${pid} less than ${ASK_OWNER_WINDOW_SECONDS} s ago; nothing was sent. Try again in ${again} s.`;
    return refuse(
      known,
      { ...failure('rate_limited', message), retryAfterSeconds: again },
      { team: team.team, note },
      session,
    );
  }

  const sentAt = new Date().toISOString();
  const event: NotificationEvent = {
    type: 'ask_owner',
    clusterId: caller.cluster.id,
    at: sentAt,
    path: sessionsPath(caller.cluster.id, {}, listed),
    summary: summaryOf(sender.email, team.team, caller.cluster.id, session),
    receiverId: team.receiver,
    team: team.team,
    sender: { email: sender.email, name: sender.name },
    note,
    session: notifiedSession(session),
  };
  const queued = await publishNotification(event);
  const detail = { team: team.team, receiver: team.receiver, note };
  if (!queued) {
    const message = `The message to ${team.team} could not be queued for delivery; nothing was sent. Try again, or reach the team at ${team.contact}.`;
    await releaseAskOwnerSlot(slot).catch(() => undefined);
    await audit(known, 'failed', message, detail, session);
    return failure('unavailable', message);
  }
  // Queued, then audited: a row that cannot be written now is logged by audit(); the message is already on its way.
  const auditId = await audit(known, 'done', null, detail, session);
  (await requestLog({ actor: sender.email, cluster: caller.cluster.id })).info(
    { event: 'ask_owner_sent', team: team.team, receiver: team.receiver, pid },
    `asked ${team.team} about session ${pid}`,
  );
  return { ok: true, data: { team: team.team, receiver: team.receiver, auditId, sentAt } };
}
