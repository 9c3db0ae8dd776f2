// Per cluster: each snapshot is filtered, encoded (JSON + gzip) and diffed once per distinct view, however many
// viewers ask; GETs and streams are served from these bytes.
import 'server-only';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { OwnerConfig, PgwardenConfig } from '@/lib/config/schema';
import { sessionViewKey } from '@/lib/model/session-view-key';
import { toLiveRow } from '@/lib/model/session-durations';
import { markTeams } from '@/lib/owners/mark-teams';
import { markProtected } from '@/lib/signals/guard-rails';
import { summarizeLocks } from '@/lib/types/blocking';
import { sessionKey, type LiveSessionRow, type SessionsSnapshot } from '@/lib/types/session';
import { filterSessions, type SessionView } from '@/lib/types/session-view';
import { facetsOf } from './session-facets';

type Protect = PgwardenConfig['protect'];

// The owners list is replaced, not edited, when the config changes: its identity stands for its content.
const ownersIds = new WeakMap<OwnerConfig[], number>();
let ownersCount = 0;
function ownersKey(owners: OwnerConfig[]): string {
  if (owners.length === 0) return '';
  let id = ownersIds.get(owners);
  if (id === undefined) ownersIds.set(owners, (id = ++ownersCount));
  return `|owners:${id}`;
}

/** Views nobody asked for in this long are dropped; at most MAX_VIEWS are kept per cluster (least recently asked). */
export const VIEW_IDLE_MS = 60_000;
export const MAX_VIEWS = 64;

/**
 * One view of one snapshot, encoded. The diff is built at once (streams wait for it); the full body and its gzip
 * on the first GET that asks, then kept.
 */
export class EncodedView {
  private jsonBytes: Buffer | null = null;
  private gzipBytes: Buffer | null = null;

  constructor(
    readonly snapshotId: number,
    readonly etag: string,
    private readonly body: () => string,
    /** The SSE event carrying the diff from the previous encoded snapshot of this view; null for the first. */
    readonly diffEvent: Buffer | null,
    readonly diffBase: number | null,
  ) {}

  /** `{"ok":true,"data":SessionsPage}` as UTF-8. */
  get json(): Buffer {
    return (this.jsonBytes ??= Buffer.from(this.body()));
  }

  get gzip(): Buffer {
    return (this.gzipBytes ??= gzipSync(this.json, { level: 6 }));
  }
}

interface ViewRow {
  row: LiveSessionRow;
  json: string;
}

/** The fields of a changed row that differ, with the two that identify it. */
function patchOf(before: LiveSessionRow, after: LiveSessionRow): string {
  const patch: Record<string, unknown> = { pid: after.pid, backendStart: after.backendStart };
  for (const field of Object.keys(after) as (keyof LiveSessionRow)[]) {
    const value = after[field];
    const old = before[field];
    if (Array.isArray(value) && Array.isArray(old) ? value.join() !== old.join() : value !== old) patch[field] = value;
  }
  return JSON.stringify(patch);
}

interface ViewEntry {
  encoded: EncodedView;
  protectKey: string;
  /** sessionKey -> the row and its JSON, to tell changed rows from unchanged ones next time. */
  rows: Map<string, ViewRow>;
  facetsJson: string;
  locksJson: string;
  askedAt: number;
}

interface Marks {
  protect: Protect;
  owners: OwnerConfig[];
}

interface SnapshotParts {
  snapshotId: number;
  protectKey: string;
  marked: SessionsSnapshot['sessions'];
  metaJson: string;
  facetsJson: string;
  locksJson: string;
}

export interface HubStats {
  /** Full encodings (filter + JSON + gzip + diff), one per snapshot per view when the cache works. */
  encodes: number;
  served: number;
}

export class ViewHub {
  private views = new Map<string, ViewEntry>();
  private parts: SnapshotParts | null = null;
  readonly stats: HubStats = { encodes: 0, served: 0 };

  constructor(readonly clusterId: string) {}

  /** The encoded page of `view` for `snapshot` (the sampler's latest), computed at most once per snapshot. */
  encode(snapshot: SessionsSnapshot, view: SessionView, protect: Protect, owners: OwnerConfig[] = []): EncodedView {
    const key = sessionViewKey(view);
    // What the config adds to the rows (protected, team): a change re-encodes every view.
    const protectKey = JSON.stringify(protect) + ownersKey(owners);
    const now = Date.now();
    const entry = this.views.get(key);
    this.stats.served++;
    if (entry && entry.protectKey === protectKey && entry.encoded.snapshotId >= snapshot.snapshotId) {
      entry.askedAt = now;
      // Least recently asked first, for the bound below.
      this.views.delete(key);
      this.views.set(key, entry);
      return entry.encoded;
    }
    const next = this.build(key, snapshot, view, { protect, owners }, protectKey, entry);
    next.askedAt = now;
    this.views.delete(key);
    this.views.set(key, next);
    this.sweep(now);
    return next.encoded;
  }

  private snapshotParts(snapshot: SessionsSnapshot, marks: Marks, protectKey: string): SnapshotParts {
    if (this.parts?.snapshotId === snapshot.snapshotId && this.parts.protectKey === protectKey) return this.parts;
    const { sessions, ...meta } = snapshot;
    const marked = markTeams(markProtected(sessions, marks.protect), marks.owners);
    this.parts = {
      snapshotId: snapshot.snapshotId,
      protectKey,
      marked,
      metaJson: JSON.stringify(meta),
      facetsJson: JSON.stringify(facetsOf(marked)),
      locksJson: JSON.stringify(summarizeLocks(marked)),
    };
    return this.parts;
  }

  private build(
    key: string,
    snapshot: SessionsSnapshot,
    view: SessionView,
    marks: Marks,
    protectKey: string,
    previous: ViewEntry | undefined,
  ): ViewEntry {
    this.stats.encodes++;
    const parts = this.snapshotParts(snapshot, marks, protectKey);
    const rows = new Map<string, ViewRow>();
    for (const row of filterSessions(parts.marked, view)) {
      const live = toLiveRow(row);
      rows.set(sessionKey(row), { row: live, json: JSON.stringify(live) });
    }
    const total = parts.marked.length;
    const body = () =>
      `{"ok":true,"data":{"snapshot":${parts.metaJson},"rows":[${[...rows.values()].map((entry) => entry.json).join(',')}],` +
      `"total":${total},"facets":${parts.facetsJson},"locks":${parts.locksJson}}}`;
    let diffEvent: Buffer | null = null;
    let diffBase: number | null = null;
    if (previous) {
      const added: string[] = [];
      const changed: string[] = [];
      const removed: string[] = [];
      for (const [rowKey, now] of rows) {
        const before = previous.rows.get(rowKey);
        if (before === undefined) added.push(now.json);
        else if (before.json !== now.json) changed.push(patchOf(before.row, now.row));
      }
      for (const rowKey of previous.rows.keys()) if (!rows.has(rowKey)) removed.push(JSON.stringify(rowKey));
      diffBase = previous.encoded.snapshotId;
      const facets = parts.facetsJson === previous.facetsJson ? '' : `,"facets":${parts.facetsJson}`;
      const locks = parts.locksJson === previous.locksJson ? '' : `,"locks":${parts.locksJson}`;
      diffEvent = Buffer.from(
        `event: diff\ndata: {"base":${diffBase},"snapshot":${parts.metaJson},"total":${total},` +
          `"added":[${added.join(',')}],"changed":[${changed.join(',')}],"removed":[${removed.join(',')}]` +
          `${facets}${locks}}\n\n`,
      );
    }
    const etag = `"${snapshot.snapshotId}-${createHash('sha1').update(key).update(protectKey).digest('base64url').slice(0, 12)}"`;
    return {
      encoded: new EncodedView(snapshot.snapshotId, etag, body, diffEvent, diffBase),
      protectKey,
      rows,
      facetsJson: parts.facetsJson,
      locksJson: parts.locksJson,
      askedAt: 0,
    };
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.views) {
      if (this.views.size > MAX_VIEWS || now - entry.askedAt > VIEW_IDLE_MS) this.views.delete(key);
    }
  }

  /** How many views are cached (tests). */
  get size(): number {
    return this.views.size;
  }
}

interface HubRegistry {
  hubs: Map<string, ViewHub>;
}

const registry: HubRegistry = ((globalThis as { __pgwardenViewHubs?: HubRegistry }).__pgwardenViewHubs ??= {
  hubs: new Map(),
});

export function viewHubFor(clusterId: string): ViewHub {
  let hub = registry.hubs.get(clusterId);
  if (!hub) {
    hub = new ViewHub(clusterId);
    registry.hubs.set(clusterId, hub);
  }
  return hub;
}
